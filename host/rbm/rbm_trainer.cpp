#include "host/rbm/rbm_trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "host/core/error.hpp"
#include "host/io/json_fields.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/safetensors.hpp"
#include "host/io/sibling_path.hpp"
#include "host/util/interrupt.hpp"
#include "host/util/progress.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

nlohmann::json history_to_json(const std::vector<EpochRecord>& history) {
  nlohmann::json j = nlohmann::json::array();
  for (const EpochRecord& r : history)
    j.push_back({{"epoch", r.epoch}, {"momentum", r.momentum}, {"error_sum", r.error_sum}, {"rmse", r.rmse},
                 {"seconds", r.seconds}});
  return j;
}

std::vector<EpochRecord> history_from_json(const nlohmann::json& j) {
  std::vector<EpochRecord> history;
  for (const auto& e : j)
    history.push_back({json_integer<int>(e.at("epoch")), e.at("momentum").get<float>(), e.at("error_sum").get<double>(),
                       e.at("rmse").get<double>(), e.at("seconds").get<double>()});
  return history;
}

void write_training_log(const fs::path& path, const std::vector<EpochRecord>& history) {
  std::ostringstream csv;
  csv << "epoch,momentum,sum_sqrt_batch_sse,rmse_per_pixel,seconds\n";
  char line[160];
  for (const EpochRecord& r : history) {
    std::snprintf(line, sizeof line, "%d,%.3g,%.9g,%.9g,%.4f\n", r.epoch + 1, static_cast<double>(r.momentum), r.error_sum,
                  r.rmse, r.seconds);
    csv << line;
  }
  write_text_atomically(path, csv.str());
}

void save_model(const fs::path& path, const RbmCheckpoint& ck, Backend backend) {
  nlohmann::json config = ck.config;
  std::map<std::string, std::string> meta = {{"epochs_trained", std::to_string(ck.state.epochs_done)},
                                             {"seed", std::to_string(ck.config.seed)},
                                             {"training_config", config.dump()},
                                             {"training_backend", backend_name(backend)},
                                             {"training_samples", std::to_string(ck.n_samples)}};
  if (!ck.history.empty()) {
    meta["final_error_sum"] = std::to_string(ck.history.back().error_sum);
    meta["final_rmse"] = std::to_string(ck.history.back().rmse);
  }
  save_rbm(path, ck.state.rbm, meta);
}

bool all_finite(const std::vector<float>& v) {
  return std::all_of(v.begin(), v.end(), [](float x) { return std::isfinite(x); });
}

// Divergence (a learning rate far too large): a non-finite reconstruction error or parameter ends the
// run before anything is saved, so the model file is not written and the last checkpoint (a good state
// from an earlier epoch, when there is one) stays as it was.
void stop_if_diverged(const Cd1Errors& errors, const Cd1State& state, const Cd1Config& config, int epoch,
                      const fs::path& ckpt) {
  const Rbm& rbm = state.rbm;
  if (std::isfinite(errors.sum_batch_error) && all_finite(rbm.W) && all_finite(rbm.b_v) && all_finite(rbm.b_h)) return;
  std::error_code ec;
  const std::string kept = fs::exists(ckpt, ec) ? "the last good checkpoint, " + ckpt.string() + ", is kept"
                                                : "no checkpoint was written before it";
  char rates[160];
  std::snprintf(rates, sizeof rates, "%g, %g, %g", static_cast<double>(config.lr_weights),
                static_cast<double>(config.lr_visible_bias), static_cast<double>(config.lr_hidden_bias));
  fail_input("training diverged in epoch " + std::to_string(epoch + 1) + " (error sum " +
             std::to_string(errors.sum_batch_error) + ", non-finite weights or biases) with " +
             quote_option("lr_weights") + ", " + quote_option("lr_visible_bias") + ", " +
             quote_option("lr_hidden_bias") + " = " + rates + "; no model was saved and " + kept +
             "; lower the learning rates");
}

}  // namespace

fs::path training_log_path(const fs::path& model_path) { return sibling_path(model_path, ".train.csv"); }
fs::path checkpoint_path(const fs::path& model_path) { return sibling_path(model_path, ".ckpt.safetensors"); }

void save_checkpoint(const fs::path& path, const RbmCheckpoint& ck, Backend backend) {
  SafetensorsFile file;
  const Rbm& rbm = ck.state.rbm;
  file.put_f32("W", rbm.W, {rbm.n_visible, rbm.n_hidden});
  file.put_f32("b_v", rbm.b_v, {rbm.n_visible});
  file.put_f32("b_h", rbm.b_h, {rbm.n_hidden});
  file.put_f32("dW", ck.state.dW, {rbm.n_visible, rbm.n_hidden});
  file.put_f32("db_v", ck.state.db_v, {rbm.n_visible});
  file.put_f32("db_h", ck.state.db_h, {rbm.n_hidden});
  file.metadata = rbm_base_metadata(rbm);
  file.metadata["format"] = "rbmdyn.rbm_checkpoint";
  file.metadata["epochs_done"] = std::to_string(ck.state.epochs_done);
  file.metadata["training_config"] = nlohmann::json(ck.config).dump();
  file.metadata["training_backend"] = backend_name(backend);
  file.metadata["training_samples"] = std::to_string(ck.n_samples);
  if (!ck.mnist.empty()) file.metadata["training_mnist"] = ck.mnist;
  file.metadata["history"] = history_to_json(ck.history).dump();
  save_safetensors(path, file);
}

RbmCheckpoint load_checkpoint(const fs::path& path) {
  const std::string source = path.string();
  const SafetensorsFile file = load_safetensors(path);
  if (file.metadata.count("format") == 0 || file.metadata.at("format") != "rbmdyn.rbm_checkpoint")
    fail_input(source + ": not an rbmdyn training checkpoint (metadata format != rbmdyn.rbm_checkpoint)");
  RbmCheckpoint ck;
  try {
    ck.config = nlohmann::json::parse(file.meta("training_config", source)).get<Cd1Config>();
    ck.history = history_from_json(nlohmann::json::parse(file.meta("history", source)));
  } catch (const nlohmann::json::exception& e) {
    fail_input(source + ": malformed checkpoint metadata (" + json_error_text(e) + ")");
  }
  try {
    ck.config.validate();
  } catch (const InputError& e) {  // the message names an option; say where the value came from
    fail_input(source + ": recorded training_config is invalid: " + e.what());
  }
  const int64_t nv = file.meta_int("n_visible", source);
  const int64_t nh = file.meta_int("n_hidden", source);
  ck.state.rbm.n_visible = nv;
  ck.state.rbm.n_hidden = nh;
  ck.state.rbm.W = file.get_f32("W", {nv, nh}, source);
  ck.state.rbm.b_v = file.get_f32("b_v", {nv}, source);
  ck.state.rbm.b_h = file.get_f32("b_h", {nh}, source);
  check_rbm_values(ck.state.rbm, source);
  ck.state.dW = file.get_f32("dW", {nv, nh}, source);
  ck.state.db_v = file.get_f32("db_v", {nv}, source);
  ck.state.db_h = file.get_f32("db_h", {nh}, source);
  ck.state.epochs_done = static_cast<int>(file.meta_int("epochs_done", source));
  ck.n_samples = file.meta_int("training_samples", source);
  if (file.metadata.count("training_mnist") != 0) ck.mnist = file.metadata.at("training_mnist");
  if (ck.state.epochs_done < 0 || static_cast<std::size_t>(ck.state.epochs_done) != ck.history.size())
    fail_input(source + ": epochs_done does not match the stored history");
  return ck;
}

RbmCheckpoint fresh_checkpoint(const Cd1Config& config, int64_t n_visible, int64_t n_samples) {
  config.validate();
  RbmCheckpoint ck;
  ck.config = config;
  ck.state = Cd1State::fresh(n_visible, config);
  ck.n_samples = n_samples;
  return ck;
}

RbmTrainingResult train_rbm(const float* data, int64_t n_samples, const RbmTrainingOptions& options,
                            RbmCheckpoint start, const std::function<void(const EpochRecord&)>& on_epoch) {
  const Cd1Config& config = options.config;
  config.validate();
  if (start.n_samples != n_samples)
    fail_input("the checkpoint was trained on " + std::to_string(start.n_samples) + " images, this run has " +
               std::to_string(n_samples));
  {
    nlohmann::json wanted = config, stored = start.config;
    wanted.erase("epochs");
    stored.erase("epochs");
    if (wanted != stored)
      fail_input("the checkpoint was made with other training options (" + stored.dump() + ") than this run's (" +
                 wanted.dump() + "); only " + quote_option("epochs") + " may change on resume");
  }
  RBMDYN_CHECK(start.state.rbm.n_hidden == config.n_hidden, "checkpoint and config disagree on n_hidden");
  const fs::path ckpt = checkpoint_path(options.out);
  const fs::path log = training_log_path(options.out);

  const auto run_start = std::chrono::steady_clock::now();
  RbmTrainingResult result;
  result.history = std::move(start.history);
  auto engine = make_cd1_engine(options.backend, config, std::move(start.state), data, n_samples);

  InterruptGuard interrupt;
  ProgressLine progress("train-rbm", config.epochs, options.progress && stderr_is_terminal());
  auto snapshot = [&]() {
    RbmCheckpoint ck{config, engine->state(), result.history, n_samples, start.mnist};
    return ck;
  };
  int epoch = static_cast<int>(result.history.size());
  for (; epoch < config.epochs; ++epoch) {
    const auto t0 = std::chrono::steady_clock::now();
    const Cd1Errors errors = engine->train_epoch(epoch, cd1_epoch_order(config, n_samples, epoch));
    stop_if_diverged(errors, engine->state(), config, epoch, ckpt);
    EpochRecord record{epoch, config.momentum_for_epoch(epoch), errors.sum_batch_error, errors.rmse(),
                       std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()};
    result.history.push_back(record);
    if (on_epoch) on_epoch(record);
    char detail[96];
    std::snprintf(detail, sizeof detail, "err %.4g  rmse %.4f", record.error_sum, record.rmse);
    progress.update(epoch + 1, detail);

    const bool last = epoch + 1 == config.epochs;
    const bool stop = InterruptGuard::requested();
    if (stop || last || (options.checkpoint_every > 0 && (epoch + 1) % options.checkpoint_every == 0)) {
      save_checkpoint(ckpt, snapshot(), options.backend);
      write_training_log(log, result.history);
    }
    if (stop) {
      result.interrupted = true;
      ++epoch;
      break;
    }
  }
  progress.finish();
  RbmCheckpoint final_state = snapshot();
  if (!result.interrupted) {
    save_model(options.out, final_state, options.backend);
    write_training_log(log, result.history);
  }
  result.state = std::move(final_state.state);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start).count();
  return result;
}

}  // namespace rbmdyn
