#include "host/rbm/rbm_model.hpp"

#include <cmath>
#include <cstdio>

#include "host/core/build_info.hpp"
#include "host/core/error.hpp"
#include "host/core/random.hpp"
#include "host/io/npy.hpp"
#include "host/io/safetensors.hpp"

namespace rbmdyn {

Rbm Rbm::zeros(int64_t n_visible, int64_t n_hidden) {
  RBMDYN_CHECK(n_visible > 0 && n_hidden > 0, "RBM sizes must be positive");
  Rbm rbm;
  rbm.n_visible = n_visible;
  rbm.n_hidden = n_hidden;
  rbm.W.assign(static_cast<std::size_t>(n_visible * n_hidden), 0.0f);
  rbm.b_v.assign(static_cast<std::size_t>(n_visible), 0.0f);
  rbm.b_h.assign(static_cast<std::size_t>(n_hidden), 0.0f);
  return rbm;
}

Rbm Rbm::initialized(int64_t n_visible, int64_t n_hidden, uint64_t seed, float init_std, uint32_t stream_layer) {
  Rbm rbm = zeros(n_visible, n_hidden);
  const RandomStream rs{seed, RngPurpose::rbm_init};
  for (std::size_t i = 0; i < rbm.W.size(); ++i)
    rbm.W[i] = init_std * standard_normal(rs, stream_layer, 0, static_cast<uint32_t>(i));
  return rbm;
}

std::map<std::string, std::string> rbm_base_metadata(const Rbm& rbm) {
  return {{"format", "rbmdyn.rbm"},
          {"format_version", "1"},
          {"n_visible", std::to_string(rbm.n_visible)},
          {"n_hidden", std::to_string(rbm.n_hidden)},
          {"engine_version", build_info::version},
          {"engine_commit", build_info::git_describe}};
}

void save_rbm(const std::filesystem::path& path, const Rbm& rbm, const std::map<std::string, std::string>& metadata) {
  SafetensorsFile file;
  file.put_f32("W", rbm.W, {rbm.n_visible, rbm.n_hidden});
  file.put_f32("b_v", rbm.b_v, {rbm.n_visible});
  file.put_f32("b_h", rbm.b_h, {rbm.n_hidden});
  file.metadata = rbm_base_metadata(rbm);
  for (const auto& [key, value] : metadata) file.metadata[key] = value;
  save_safetensors(path, file);
}

void check_rbm_values(const Rbm& rbm, const std::string& source) {
  const auto check = [&](const std::vector<float>& values, const char* tensor) {
    for (std::size_t i = 0; i < values.size(); ++i)
      if (!(std::fabs(values[i]) <= kMaxRbmParameter)) {
        char value[32];
        std::snprintf(value, sizeof value, "%g", static_cast<double>(values[i]));
        fail_input(source + ": tensor '" + tensor + "' holds " + value + " at flat index " + std::to_string(i) +
                   "; RBM parameters must be finite with magnitude at most 1e6 (training never gets there: the " +
                   "file is corrupt or from a diverged run)");
      }
  };
  check(rbm.W, "W");
  check(rbm.b_v, "b_v");
  check(rbm.b_h, "b_h");
}

Rbm load_rbm(const std::filesystem::path& path, std::map<std::string, std::string>* metadata) {
  const std::string source = path.string();
  const SafetensorsFile file = load_safetensors(path);
  auto w = file.tensors.find("W");
  if (w == file.tensors.end()) fail_input(source + ": not an RBM file (no tensor 'W')");
  if (w->second.shape.size() != 2 || w->second.shape[0] <= 0 || w->second.shape[1] <= 0)
    fail_input(source + ": tensor 'W' must be 2-d [n_visible, n_hidden], has shape " + shape_to_string(w->second.shape));
  Rbm rbm;
  rbm.n_visible = w->second.shape[0];
  rbm.n_hidden = w->second.shape[1];
  rbm.W = file.get_f32("W", {rbm.n_visible, rbm.n_hidden}, source);
  rbm.b_v = file.get_f32("b_v", {rbm.n_visible}, source);
  rbm.b_h = file.get_f32("b_h", {rbm.n_hidden}, source);
  check_rbm_values(rbm, source);
  if (metadata) *metadata = file.metadata;
  return rbm;
}

}  // namespace rbmdyn
