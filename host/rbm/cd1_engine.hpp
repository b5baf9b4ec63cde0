#pragma once
// CD-1 training engines (method.md §2.2). Two implementations of one interface: the CPU engine
// (cpu_sgemm, the reference) and the CUDA engine (cuBLAS + fused kernels, training set resident on the
// device). Both draw H0 from the shared stream at (purpose cd1_hidden, a = sample index in the training
// set, b = epoch, element = hidden unit), so for the same state and batch they make the same draws.
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "host/rbm/cd1_config.hpp"
#include "host/rbm/rbm_model.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn {

// Parameters plus momentum increments ("velocity", method.md §2.1): everything needed to resume.
struct Cd1State {
  Rbm rbm;
  std::vector<float> dW;    // [n_visible, n_hidden]
  std::vector<float> db_v;  // [n_visible]
  std::vector<float> db_h;  // [n_hidden]
  int epochs_done = 0;

  static Cd1State fresh(int64_t n_visible, const Cd1Config& config);  // initialised W, zero increments
  static Cd1State from_rbm(Rbm rbm);                                   // zero increments
};

// The two error figures of method.md §2.3 for one epoch (or one batch).
struct Cd1Errors {
  double sum_batch_error = 0;  // Σ_batches sqrt(batch SSE): the paper's "root mean square error"
  double sse = 0;              // Σ (V0 − V1)² over all pixels of all batches
  int64_t values = 0;          // number of pixels summed (for the per-pixel RMSE)
  double rmse() const { return values > 0 ? std::sqrt(sse / static_cast<double>(values)) : 0.0; }
};

class Cd1Engine {
 public:
  virtual ~Cd1Engine() = default;
  // Runs every full batch of `order` (batch b = samples order[b·B .. b·B + B)) at 0-based `epoch`
  // with momentum config.momentum_for_epoch(epoch). Increments state().epochs_done.
  virtual Cd1Errors train_epoch(int epoch, const std::vector<int32_t>& order) = 0;
  // A copy of the current parameters and increments (downloads from the device if needed).
  virtual Cd1State state() const = 0;
};

// `data` is the training set [n_samples, n_visible] in [0, 1]; it must outlive the engine (the CUDA
// engine copies it to the device once). Throws InputError when the backend is not available.
std::unique_ptr<Cd1Engine> make_cd1_engine(Backend backend, const Cd1Config& config, Cd1State initial,
                                           const float* data, int64_t n_samples);

std::unique_ptr<Cd1Engine> make_cd1_engine_cpu(const Cd1Config& config, Cd1State initial, const float* data,
                                               int64_t n_samples);
#ifdef RBMDYN_HAVE_CUDA
std::unique_ptr<Cd1Engine> make_cd1_engine_cuda(const Cd1Config& config, Cd1State initial, const float* data,
                                                int64_t n_samples);
#endif

// Sample order of one epoch: 0..n-1, or a seeded permutation (purpose cd1_shuffle, a = epoch) when
// config.shuffle. Only full batches are used, as in the study (drop_last).
std::vector<int32_t> cd1_epoch_order(const Cd1Config& config, int64_t n_samples, int epoch);

}  // namespace rbmdyn
