// Deep-model checkpoints and logs (host/rbm/dbn_trainer.hpp).
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "host/core/error.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/safetensors.hpp"
#include "host/io/sibling_path.hpp"
#include "host/rbm/dbn_trainer.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

nlohmann::json history_json(const std::vector<DbnEpochRecord>& history) {
  nlohmann::json j = nlohmann::json::array();
  for (const DbnEpochRecord& r : history)
    j.push_back({{"layer", r.layer}, {"epoch", r.epoch}, {"momentum", r.momentum}, {"mse", r.mse}, {"seconds", r.seconds}});
  return j;
}

std::vector<DbnEpochRecord> history_from(const nlohmann::json& j) {
  std::vector<DbnEpochRecord> h;
  for (const auto& e : j)
    h.push_back({e.at("layer").get<int>(), e.at("epoch").get<int>(), e.at("momentum").get<float>(),
                 e.at("mse").get<double>(), e.at("seconds").get<double>()});
  return h;
}

}  // namespace

fs::path dbn_layer_log_path(const fs::path& model_path, int layer) {
  return sibling_path(model_path, ".L" + std::to_string(layer) + ".train.csv");
}
fs::path dbn_checkpoint_path(const fs::path& model_path) { return sibling_path(model_path, ".ckpt.safetensors"); }

int64_t dbn_training_samples(int64_t n_images, int batch_size) {
  return batch_size > 0 ? n_images / batch_size * batch_size : 0;
}

RbmStack DbnCheckpoint::stack() const {
  RbmStack s;
  for (const Cd1State& l : layers) s.layers.push_back(l.rbm);
  return s;
}

DbnCheckpoint fresh_dbn_checkpoint(const DbnConfig& config, int64_t n_samples) {
  config.validate();
  DbnCheckpoint ck;
  ck.config = config;
  for (int l = 1; l <= config.depth(); ++l)
    ck.layers.push_back(Cd1State::fresh(config.sizes[static_cast<std::size_t>(l - 1)], config.layer_config(l)));
  ck.n_samples = n_samples;
  return ck;
}

void save_dbn_checkpoint(const fs::path& path, const DbnCheckpoint& ck) {
  SafetensorsFile file;
  for (int l = 1; l <= static_cast<int>(ck.layers.size()); ++l) {
    const Cd1State& s = ck.layers[static_cast<std::size_t>(l - 1)];
    const int64_t nv = s.rbm.n_visible, nh = s.rbm.n_hidden;
    file.put_f32(stack_tensor_name(l, "W"), s.rbm.W, {nv, nh});
    file.put_f32(stack_tensor_name(l, "b_v"), s.rbm.b_v, {nv});
    file.put_f32(stack_tensor_name(l, "b_h"), s.rbm.b_h, {nh});
    file.put_f32(stack_tensor_name(l, "dW"), s.dW, {nv, nh});
    file.put_f32(stack_tensor_name(l, "db_v"), s.db_v, {nv});
    file.put_f32(stack_tensor_name(l, "db_h"), s.db_h, {nh});
    file.metadata[stack_tensor_name(l, "epochs_done")] = std::to_string(s.epochs_done);
  }
  if (!ck.input.empty())
    file.put_f32("input", ck.input, {ck.n_samples, static_cast<int64_t>(ck.input.size()) / ck.n_samples});
  for (const auto& [k, v] : stack_base_metadata(ck.stack())) file.metadata[k] = v;
  file.metadata["format"] = "rbmdyn.stack_checkpoint";
  file.metadata["training_config"] = nlohmann::json(ck.config).dump();
  file.metadata["training_samples"] = std::to_string(ck.n_samples);
  file.metadata["history"] = history_json(ck.history).dump();
  save_safetensors(path, file);
}

DbnCheckpoint load_dbn_checkpoint(const fs::path& path) {
  const std::string source = path.string();
  const SafetensorsFile file = load_safetensors(path);
  if (file.metadata.count("format") == 0 || file.metadata.at("format") != "rbmdyn.stack_checkpoint")
    fail_input(source + ": not a deep-model training checkpoint (metadata format != rbmdyn.stack_checkpoint)");
  DbnCheckpoint ck;
  try {
    ck.config = nlohmann::json::parse(file.meta("training_config", source)).get<DbnConfig>();
    ck.history = history_from(nlohmann::json::parse(file.meta("history", source)));
  } catch (const nlohmann::json::exception& e) {
    fail_input(source + ": malformed checkpoint metadata (" + e.what() + ")");
  }
  ck.config.validate();
  const RbmStack stack = load_rbm_stack(path);
  if (stack.sizes() != ck.config.sizes)
    fail_input(source + ": tensors give sizes " + stack_sizes_name(stack.sizes()) + ", the config " +
               stack_sizes_name(ck.config.sizes));
  ck.n_samples = file.meta_int("training_samples", source);
  std::size_t records = 0;
  for (int l = 1; l <= stack.depth(); ++l) {
    Cd1State s = Cd1State::from_rbm(stack.layers[static_cast<std::size_t>(l - 1)]);
    const int64_t nv = s.rbm.n_visible, nh = s.rbm.n_hidden;
    s.dW = file.get_f32(stack_tensor_name(l, "dW"), {nv, nh}, source);
    s.db_v = file.get_f32(stack_tensor_name(l, "db_v"), {nv}, source);
    s.db_h = file.get_f32(stack_tensor_name(l, "db_h"), {nh}, source);
    s.epochs_done = static_cast<int>(file.meta_int(stack_tensor_name(l, "epochs_done"), source));
    if (s.epochs_done < 0) fail_input(source + ": negative epochs_done for layer " + std::to_string(l));
    records += static_cast<std::size_t>(s.epochs_done);
    ck.layers.push_back(std::move(s));
  }
  if (records != ck.history.size()) fail_input(source + ": the layers' epochs_done do not match the stored history");
  if (file.has("input")) {
    const SafeTensor& t = file.tensors.at("input");
    const int64_t width = t.shape.size() == 2 ? t.shape[1] : 0;
    ck.input = file.get_f32("input", {ck.n_samples, width}, source);
  }
  return ck;
}

}  // namespace rbmdyn
