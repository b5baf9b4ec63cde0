#include "host/classifier/model.hpp"

#include <nlohmann/json.hpp>

#include "host/core/build_info.hpp"
#include "host/core/error.hpp"
#include "host/io/json_fields.hpp"
#include "host/io/npy.hpp"

namespace rbmdyn {

ClassifierModel ClassifierModel::initialized(const ClassifierArch& arch, uint64_t seed) {
  const NetworkPlan plan = make_plan(arch);
  return ClassifierModel{arch, init_params(plan, seed), init_buffers(plan)};
}

void ClassifierModel::check_sizes() const {
  const NetworkPlan plan = make_plan(arch);
  RBMDYN_CHECK(static_cast<int64_t>(params.size()) == plan.param_count, "classifier parameter count mismatch");
  RBMDYN_CHECK(static_cast<int64_t>(buffers.size()) == plan.buffer_count, "classifier buffer count mismatch");
}

namespace detail {

void put_model_tensors(SafetensorsFile& file, const ClassifierModel& model, const std::string& prefix) {
  model.check_sizes();
  const NetworkPlan plan = make_plan(model.arch);
  auto put = [&](const TensorSlot& s, const std::vector<float>& flat) {
    file.put_f32(prefix + s.name,
                 std::vector<float>(flat.begin() + s.offset, flat.begin() + s.offset + s.count), s.shape);
  };
  for (const TensorSlot& s : plan.params) put(s, model.params);
  for (const TensorSlot& s : plan.buffers) put(s, model.buffers);
}

ClassifierModel get_model_tensors(const SafetensorsFile& file, const ClassifierArch& arch, const std::string& prefix,
                                  const std::string& source) {
  const NetworkPlan plan = make_plan(arch);
  // Every slot present with its shape first: the recorded architecture may describe a network far
  // larger than the file (or memory), and nothing is allocated for it until the file is seen to hold it.
  for (const auto* slots : {&plan.params, &plan.buffers})
    for (const TensorSlot& s : *slots) {
      const auto it = file.tensors.find(prefix + s.name);
      if (it == file.tensors.end())
        fail_input(source + ": tensor '" + prefix + s.name + "' missing (architecture '" + arch.name +
                   "' expects it with shape " + shape_to_string(s.shape) + ")");
      if (it->second.shape != s.shape)
        fail_input(source + ": tensor '" + prefix + s.name + "' has shape " + shape_to_string(it->second.shape) +
                   ", expected " + shape_to_string(s.shape));
    }
  ClassifierModel model{arch, std::vector<float>(static_cast<std::size_t>(plan.param_count)),
                        std::vector<float>(static_cast<std::size_t>(plan.buffer_count))};
  std::map<std::string, bool> expected;
  auto get = [&](const TensorSlot& s, std::vector<float>& flat) {
    expected[prefix + s.name] = true;
    const std::vector<float> v = file.get_f32(prefix + s.name, s.shape, source);
    std::copy(v.begin(), v.end(), flat.begin() + s.offset);
  };
  for (const TensorSlot& s : plan.params) get(s, model.params);
  for (const TensorSlot& s : plan.buffers) {
    get(s, model.buffers);
    if (s.name.size() > 4 && s.name.compare(s.name.size() - 4, 4, "_var") == 0)
      for (int64_t i = 0; i < s.count; ++i)
        if (model.buffers[static_cast<std::size_t>(s.offset + i)] < 0.0f)
          fail_input(source + ": tensor '" + prefix + s.name + "' has a negative running variance");
  }
  for (const auto& [name, tensor] : file.tensors) {
    (void)tensor;
    const bool under_prefix = name.compare(0, prefix.size(), prefix) == 0 &&
                              (prefix.empty() ? name.compare(0, 5, "best.") != 0 : true);
    if (under_prefix && expected.count(name) == 0)
      fail_input(source + ": unexpected tensor '" + name + "' for architecture '" + arch.name +
                 "' (the file and its recorded architecture disagree)");
  }
  return model;
}

ClassifierArch arch_from_metadata(const std::map<std::string, std::string>& metadata, const std::string& source) {
  auto it = metadata.find("arch");
  if (it == metadata.end()) fail_input(source + ": no 'arch' metadata (the architecture description)");
  ClassifierArch arch;
  try {
    arch = nlohmann::json::parse(it->second).get<ClassifierArch>();
  } catch (const nlohmann::json::exception& e) {
    fail_input(source + ": malformed 'arch' metadata (" + json_error_text(e) + ")");
  }
  arch.validate(source);
  return arch;
}

}  // namespace detail

void save_classifier(const std::filesystem::path& path, const ClassifierModel& model,
                     const std::map<std::string, std::string>& metadata) {
  SafetensorsFile file;
  detail::put_model_tensors(file, model, "");
  file.metadata = {{"format", kClassifierFormat},
                   {"format_version", "1"},
                   {"arch", nlohmann::json(model.arch).dump()},
                   {"engine_version", build_info::version},
                   {"engine_commit", build_info::git_describe}};
  for (const auto& [key, value] : metadata)
    if (key != "format" && key != "format_version" && key != "arch") file.metadata[key] = value;
  save_safetensors(path, file);
}

ClassifierModel load_classifier(const std::filesystem::path& path, std::map<std::string, std::string>* metadata) {
  const std::string source = path.string();
  const SafetensorsFile file = load_safetensors(path);
  auto format = file.metadata.find("format");
  if (format == file.metadata.end() || format->second != kClassifierFormat)
    fail_input(source + ": not an rbmdyn classifier file (metadata 'format' is " +
               (format == file.metadata.end() ? std::string("missing") : "'" + format->second + "'") +
               ", expected '" + kClassifierFormat + "')");
  if (file.meta_int("format_version", source) != 1)
    fail_input(source + ": unsupported classifier format_version " + file.meta("format_version", source));
  const ClassifierArch arch = detail::arch_from_metadata(file.metadata, source);
  ClassifierModel model = detail::get_model_tensors(file, arch, "", source);
  if (metadata) *metadata = file.metadata;
  return model;
}

}  // namespace rbmdyn
