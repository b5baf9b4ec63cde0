#pragma once
// The training loop of a deep model (dbn.md §3): greedy (gDBN) or iterative (iDBN, per-epoch or
// per-mini-batch interleaving) CD-1 over a stack of RBMs, on the CPU or the GPU (DbnLayers). Per-layer,
// per-epoch CSV logs, periodic checkpoints with exact resume, and a clean stop on SIGINT/SIGTERM that
// saves one first.
//
// Data: the first ⌊n / B⌋·B images in file order form fixed batches (batch n = images n·B … n·B+B−1;
// the rest are never used, dbn.md §1.1); only the order of the batches changes, per epoch and layer.
//
// Files, for out = model.safetensors:
//   model.safetensors          the stack (host/rbm/rbm_stack.hpp) + metadata: config, algorithm, epochs, seed
//   model.L<l>.train.csv       per RBM l: epoch, momentum, mse (Σ(X − V1p)² / (batches·B·n_in)), seconds
//   model.ckpt.safetensors     every layer's W, b_v, b_h, dW, db_v, db_h, epochs done, history; for gDBN
//                              past layer 1 also the current layer's input (the probabilities below)
#include <filesystem>
#include <functional>
#include <vector>

#include "host/rbm/cd1_engine.hpp"
#include "host/rbm/dbn_config.hpp"
#include "host/rbm/rbm_stack.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn {

struct DbnEpochRecord {
  int layer = 0;  // 1-based RBM index
  int epoch = 0;  // 0-based
  float momentum = 0;
  double mse = 0;  // mean over batches of the batch MSE against the reconstruction probability (§3.1 step 8)
  double seconds = 0;
};

struct DbnCheckpoint {
  DbnConfig config;
  std::vector<Cd1State> layers;         // one per RBM, with its epochs_done
  std::vector<DbnEpochRecord> history;  // in training order
  int64_t n_samples = 0;                // images in the fixed batches
  std::vector<float> input;             // gDBN past layer 1: input of the first unfinished layer [n_samples, n_{l−1}]

  RbmStack stack() const;
};

struct DbnTrainingOptions {
  DbnConfig config;
  std::filesystem::path out;
  Backend backend = Backend::cpu;  // where the layers train (host/rbm/dbn_layer.hpp); same draws on both
  int checkpoint_every = 10;  // layer-epochs (gDBN) or epochs (iDBN) between checkpoints; 0 = end/interrupt only
  bool progress = true;
};

struct DbnTrainingResult {
  RbmStack stack;
  std::vector<DbnEpochRecord> history;
  int64_t n_samples = 0;
  bool interrupted = false;
  double seconds = 0;
};

std::filesystem::path dbn_layer_log_path(const std::filesystem::path& model_path, int layer);
std::filesystem::path dbn_checkpoint_path(const std::filesystem::path& model_path);

// ⌊n_images / batch_size⌋ · batch_size: the images a deep model trains on.
int64_t dbn_training_samples(int64_t n_images, int batch_size);

DbnCheckpoint fresh_dbn_checkpoint(const DbnConfig& config, int64_t n_samples);
void save_dbn_checkpoint(const std::filesystem::path& path, const DbnCheckpoint& checkpoint);
DbnCheckpoint load_dbn_checkpoint(const std::filesystem::path& path);

// Trains on data [n_images, sizes[0]] in [0, 1] from `start` until every layer has config.cd1.epochs
// epochs. Only `epochs` may differ between `start.config` and options.config (InputError otherwise).
DbnTrainingResult train_dbn(const float* data, int64_t n_images, const DbnTrainingOptions& options, DbnCheckpoint start,
                            const std::function<void(const DbnEpochRecord&)>& on_epoch = {});

}  // namespace rbmdyn
