#pragma once
// Where a deep model trains (dbn.md §3): every RBM's CD-1 state and the inputs X_2 … X_L of the stack,
// held in one backend's memory; the trainer (host/rbm/dbn_trainer.cpp) says which RBM trains on which
// batches and when the state is copied out for a checkpoint. Twins: the CPU layers of dbn_layer_cpu.cpp
// (train_layer_batches, the reference) and the CUDA layers of dbn_layer_cuda.cpp (one Cd1DeviceLayer per
// RBM, the inputs resident on the device), with the same Philox draws.
#include <cstdint>
#include <memory>
#include <vector>

#include "host/rbm/cd1_engine.hpp"
#include "host/rbm/dbn_config.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn {

// What a layer hands up while it trains (dbn.md §3.2–3.3, §9 #10).
enum class PassUp {
  none,           // the top layer, or a gDBN layer before its last epoch
  before_update,  // iDBN: X_{l+1}[n] = ↑_l(X_l[n]) with the parameters before this batch's update (= P0)
  after_update,   // gDBN (last epoch): X_{l+1}[n] = ↑_l(X_l[n]) with the parameters after it
};

class DbnLayers {
 public:
  virtual ~DbnLayers() = default;
  virtual Backend backend() const = 0;
  // CD-1 updates of RBM l (1-based) on its fixed batches batches[0..count) of X_l at 0-based `epoch`
  // (batch n = rows n·B … n·B + B − 1), passing ↑_l(X_l[n]) up into X_{l+1} as `pass_up` says.
  // Returns Σ over the batches of Σ(X − V1p)².
  virtual double train(int l, const int32_t* batches, int64_t count, int epoch, PassUp pass_up) = 0;
  // Copies every RBM's parameters and increments into layers[l − 1] (its epochs_done is left as is).
  virtual void store(std::vector<Cd1State>& layers) const = 0;
  // X_l [n_samples, n_{l−1}] for 2 ≤ l ≤ L (a host copy), and its replacement (gDBN resume).
  virtual std::vector<float> input(int l) const = 0;
  virtual void set_input(int l, const std::vector<float>& x) = 0;
};

// Bytes the CUDA layers allocate for `n_samples` images (checked against the device's free memory
// first): X_1 … X_L [n, n_{l−1}], per RBM W and dW [n_{l−1}, n_l] and four bias vectors, the update's
// workspace 2·[2B, w] + [B, w] for the widest layer w, the batch rows (int32) and per-row errors
// (double) [n]; floats are 4 bytes.
double dbn_layers_device_bytes(const DbnConfig& config, int64_t n_samples);

// `data` X_1 [n_samples, sizes[0]] in host memory must outlive the layers (the CUDA layers copy it to the
// device once); `initial` one state per RBM; X_2 … X_L start at zero. InputError when the backend is not
// available or (CUDA) the device lacks the memory.
std::unique_ptr<DbnLayers> make_dbn_layers(Backend backend, const DbnConfig& config,
                                           const std::vector<Cd1State>& initial, const float* data, int64_t n_samples);
std::unique_ptr<DbnLayers> make_dbn_layers_cpu(const DbnConfig& config, const std::vector<Cd1State>& initial,
                                               const float* data, int64_t n_samples);
#ifdef RBMDYN_HAVE_CUDA
std::unique_ptr<DbnLayers> make_dbn_layers_cuda(const DbnConfig& config, const std::vector<Cd1State>& initial,
                                                const float* data, int64_t n_samples);
#endif

}  // namespace rbmdyn
