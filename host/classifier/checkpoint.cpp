#include "host/classifier/checkpoint.hpp"

#include <nlohmann/json.hpp>

#include "host/core/build_info.hpp"
#include "host/core/error.hpp"
#include "host/io/json_fields.hpp"
#include "host/io/safetensors.hpp"

namespace rbmdyn {
namespace {

nlohmann::json history_json(const std::vector<ClassifierEpochRecord>& history) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& r : history)
    j.push_back({{"epoch", r.epoch},
                 {"train_loss", r.train_loss},
                 {"train_accuracy", r.train_accuracy},
                 {"val_accuracy", r.val_accuracy},
                 {"test_accuracy", r.test_accuracy},
                 {"nondigit_accuracy", r.nondigit_accuracy},
                 {"seconds", r.seconds},
                 {"best", r.best}});
  return j;
}

std::vector<ClassifierEpochRecord> history_from(const nlohmann::json& j) {
  std::vector<ClassifierEpochRecord> h;
  for (const auto& e : j) {
    ClassifierEpochRecord r;
    json_get_to(e, "epoch", r.epoch);
    json_get_to(e, "train_loss", r.train_loss);
    json_get_to(e, "train_accuracy", r.train_accuracy);
    json_get_to(e, "val_accuracy", r.val_accuracy);
    json_get_to(e, "test_accuracy", r.test_accuracy);
    json_get_to(e, "nondigit_accuracy", r.nondigit_accuracy);
    json_get_to(e, "seconds", r.seconds);
    json_get_to(e, "best", r.best);
    h.push_back(r);
  }
  return h;
}

}  // namespace

void save_classifier_checkpoint(const std::filesystem::path& path, const ClassifierCheckpoint& ck,
                                const std::string& backend) {
  SafetensorsFile file;
  detail::put_model_tensors(file, ck.current, "");
  detail::put_model_tensors(file, ck.best, "best.");
  const nlohmann::json state = {{"epochs_done", ck.epochs_done},
                                {"batches_done", ck.batches_done},
                                {"partial_loss_sum", ck.partial_loss_sum},
                                {"partial_correct", ck.partial_correct},
                                {"partial_rows", ck.partial_rows},
                                {"partial_seconds", ck.partial_seconds},
                                {"best_epoch", ck.best_epoch},
                                {"best_val_accuracy", ck.best_val_accuracy},
                                {"train_images", ck.train_images}};
  file.metadata = {{"format", kClassifierCheckpointFormat},
                   {"format_version", "1"},
                   {"arch", nlohmann::json(ck.arch).dump()},
                   {"training_config", nlohmann::json(ck.config).dump()},
                   {"training_backend", backend},
                   {"state", state.dump()},
                   {"history", history_json(ck.history).dump()},
                   {"training_mnist", ck.mnist},
                   {"engine_version", build_info::version},
                   {"engine_commit", build_info::git_describe}};
  save_safetensors(path, file);
}

ClassifierCheckpoint load_classifier_checkpoint(const std::filesystem::path& path) {
  const std::string source = path.string();
  const SafetensorsFile file = load_safetensors(path);
  auto format = file.metadata.find("format");
  if (format == file.metadata.end() || format->second != kClassifierCheckpointFormat)
    fail_input(source + ": not a classifier training checkpoint (metadata 'format' != '" +
               kClassifierCheckpointFormat + "')");
  ClassifierCheckpoint ck;
  ck.arch = detail::arch_from_metadata(file.metadata, source);
  try {
    ck.config = nlohmann::json::parse(file.meta("training_config", source)).get<ClassifierTrainConfig>();
    const nlohmann::json state = nlohmann::json::parse(file.meta("state", source));
    json_get_to(state, "epochs_done", ck.epochs_done);
    json_get_to(state, "batches_done", ck.batches_done);
    json_get_to(state, "partial_loss_sum", ck.partial_loss_sum);
    json_get_to(state, "partial_correct", ck.partial_correct);
    json_get_to(state, "partial_rows", ck.partial_rows);
    json_get_to(state, "partial_seconds", ck.partial_seconds);
    json_get_to(state, "best_epoch", ck.best_epoch);
    json_get_to(state, "best_val_accuracy", ck.best_val_accuracy);
    json_get_to(state, "train_images", ck.train_images);
    ck.history = history_from(nlohmann::json::parse(file.meta("history", source)));
  } catch (const nlohmann::json::exception& e) {
    fail_input(source + ": malformed checkpoint metadata (" + json_error_text(e) + ")");
  }
  try {
    ck.config.validate();
  } catch (const InputError& e) {  // the message names an option; say where the value came from
    fail_input(source + ": recorded training_config is invalid: " + e.what());
  }
  if (auto m = file.metadata.find("training_mnist"); m != file.metadata.end()) ck.mnist = m->second;
  if (ck.epochs_done < 0 || static_cast<std::size_t>(ck.epochs_done) != ck.history.size() || ck.batches_done < 0)
    fail_input(source + ": checkpoint state is inconsistent (epochs_done vs history)");
  ck.current = detail::get_model_tensors(file, ck.arch, "", source);
  ck.best = detail::get_model_tensors(file, ck.arch, "best.", source);
  return ck;
}

}  // namespace rbmdyn
