#pragma once
// One RBM's CD-1 training state on the device and the enqueueing of its updates (docs/method.md §2.2,
// dbn.md §3.1), shared by the RBM engine (host/rbm/cd1_engine_cuda.cpp) and the deep-model layers
// (host/rbm/dbn_layer_cuda.cpp). CUDA builds only: include it from *_cuda.cpp files.
//
// An update is 4 cuBLAS GEMMs (FP32, CUBLAS_DEFAULT_MATH) and 6 fused kernels (kernels/cd1.cuh) with the
// draws of the CPU twin (cd1_update_cpu): H0 from (cd1_hidden, a = sample, b = cd1_stream_b(epoch,
// layer)) and, for NegativeVisible::sampled, V1 from (cd1_visible, same a and b). The GEMMs take alpha
// and beta from device memory (Cd1Scalars, CUBLAS_POINTER_MODE_DEVICE on the caller's handle), so one
// captured graph serves every epoch.
#include <cublas_v2.h>

#include <cstdint>

#include "host/rbm/cd1_engine.hpp"
#include "host/runtime/device_buffer.hpp"
#include "kernels/cd1.cuh"

namespace rbmdyn {

// Scratch of one update of batch B, sized for the widest layer that uses it.
struct Cd1DeviceWorkspace {
  DeviceBuffer<float> visible;  // [2B, n_visible]: rows 0..B-1 = V0, rows B..2B-1 = V1
  DeviceBuffer<float> hidden;   // [2B, n_hidden]:  rows 0..B-1 = P0, rows B..2B-1 = −P1
  DeviceBuffer<float> h0;       // [B, n_hidden] sampled hidden states
  // Grows the buffers; zeroes them when they move (a GEMM reading beta from device memory reads C even
  // when beta is 0, and 0·NaN from stale cudaMalloc memory would be NaN).
  void reserve(int64_t batch, int64_t n_visible, int64_t n_hidden, cudaStream_t stream);
};

class Cd1DeviceLayer {
 public:
  // Uploads `initial` on `stream` (ordered before every update enqueued there).
  Cd1DeviceLayer(const Cd1Config& config, const Cd1State& initial, cudaStream_t stream);

  // Sets the epoch of the updates enqueued after it: stream_b and momentum (Cd1Scalars, device memory).
  void set_epoch(int epoch, cudaStream_t stream);

  // One update on rows order[first .. first + B) of `data` [*, n_visible] (device memory; `order` too),
  // B = config.batch_size. Writes row_sse[0 .. B) = Σ_i (V0 − V1p)² per row. Afterwards ws.visible rows
  // 0..B-1 still hold V0 and ws.hidden rows 0..B-1 hold P0 (the probabilities before the update).
  void enqueue_update(cublasHandle_t handle, const float* data, const int32_t* order, int64_t first,
                      Cd1DeviceWorkspace& ws, double* row_sse, cudaStream_t stream);

  // A host copy of the parameters and increments, with `epochs_done`.
  Cd1State download(int epochs_done, cudaStream_t stream) const;

  const Cd1Config& config() const { return config_; }
  int64_t n_visible() const { return nv_; }
  int64_t n_hidden() const { return nh_; }
  const float* W() const { return W_.data(); }
  const float* b_h() const { return b_h_.data(); }
  const kernels::Cd1Scalars* scalars() const { return scalars_.data(); }

 private:
  Cd1Config config_;
  int64_t nv_, nh_;
  DeviceBuffer<float> W_, b_v_, b_h_, dW_, db_v_, db_h_;
  DeviceBuffer<kernels::Cd1Scalars> scalars_;
};

}  // namespace rbmdyn
