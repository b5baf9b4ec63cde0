#pragma once
// The CD-1 epoch loop (docs/method.md §2.3) around a Cd1Engine: per-epoch error log (CSV beside the model),
// progress line, periodic checkpoints, exact resume, and a clean stop on SIGINT/SIGTERM that saves a
// checkpoint first, so an interrupted training loses nothing.
//
// Files, for out = model.safetensors:
//   model.safetensors        the trained RBM (W, b_v, b_h + metadata: config, epochs, seed, errors)
//   model.train.csv          epoch (1-based, as on the console), momentum, sum_sqrt_batch_sse (the paper's
//                            error: Σ_batches sqrt(batch SSE)), rmse_per_pixel, seconds (docs/outputs.md)
//   model.ckpt.safetensors   W, b_v, b_h, dW, db_v, db_h + metadata (config, epochs_done, history)
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "host/rbm/cd1_engine.hpp"

namespace rbmdyn {

struct EpochRecord {
  int epoch = 0;  // 0-based
  float momentum = 0;
  double error_sum = 0;  // the paper's figure: Σ_batches sqrt(batch SSE)
  double rmse = 0;       // per-pixel RMSE: sqrt(Σ SSE / (n · 784))
  double seconds = 0;
};

struct RbmTrainingOptions {
  Cd1Config config;
  Backend backend = Backend::cpu;
  std::filesystem::path out;
  int checkpoint_every = 10;  // epochs between checkpoints; 0 = only at the end or on interruption
  bool progress = true;       // progress line (shown only on a terminal)
};

struct RbmTrainingResult {
  Cd1State state;
  std::vector<EpochRecord> history;  // all epochs so far, including those before a resume
  bool interrupted = false;
  double seconds = 0;  // this run's wall time
};

std::filesystem::path training_log_path(const std::filesystem::path& model_path);
std::filesystem::path checkpoint_path(const std::filesystem::path& model_path);

// A checkpoint: state, config and history. Also loads as an RBM (it holds W, b_v, b_h).
struct RbmCheckpoint {
  Cd1Config config;
  Cd1State state;
  std::vector<EpochRecord> history;
  int64_t n_samples = 0;
  std::string mnist;  // absolute MNIST folder the run read ("" when unknown), so `--resume` alone continues
};
void save_checkpoint(const std::filesystem::path& path, const RbmCheckpoint& checkpoint, Backend backend);
RbmCheckpoint load_checkpoint(const std::filesystem::path& path);

// Trains from `start` (fresh or resumed) on `data` [n_samples, n_visible] until
// options.config.epochs epochs are done. `on_epoch` is called after each epoch.
RbmTrainingResult train_rbm(const float* data, int64_t n_samples, const RbmTrainingOptions& options,
                            RbmCheckpoint start, const std::function<void(const EpochRecord&)>& on_epoch = {});

// A fresh start for options.config and n_visible.
RbmCheckpoint fresh_checkpoint(const Cd1Config& config, int64_t n_visible, int64_t n_samples);

}  // namespace rbmdyn
