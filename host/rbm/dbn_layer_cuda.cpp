// The CUDA layers of deep-model training (host/rbm/dbn_layer.hpp), twin of the CPU layers of
// dbn_layer_cpu.cpp: X_1 (the training images) and X_2 … X_L live on the device next to one
// Cd1DeviceLayer per RBM (the update of the RBM engine: same kernels, same draws), so passing up never
// leaves the device; only the per-row errors of a run of batches come back. The updates are enqueued
// directly (no graph): a run's batch rows change every epoch and the pass-up targets with them.
#include <cublas_v2.h>

#include <algorithm>
#include <numeric>

#include "host/blas/gpu_blas.hpp"
#include "host/core/error.hpp"
#include "host/rbm/cd1_device_layer.hpp"
#include "host/rbm/dbn_layer.hpp"
#include "host/rbm/rbm_stack.hpp"
#include "host/runtime/cublas_check.hpp"
#include "host/runtime/device_buffer.hpp"
#include "host/runtime/nvtx.hpp"
#include "host/util/memory_check.hpp"
#include "kernels/gibbs.cuh"

namespace rbmdyn {
namespace {

class DbnLayersCuda final : public DbnLayers {
 public:
  DbnLayersCuda(const DbnConfig& config, const std::vector<Cd1State>& initial, const float* data, int64_t n_samples)
      : B_(config.cd1.batch_size), n_samples_(n_samples) {
    NvtxRange range("train/setup");
    require_device_memory(dbn_layers_device_bytes(config, n_samples), "training " + stack_sizes_name(config.sizes) + " on " +
                                                                 std::to_string(n_samples) + " images on the GPU");
    cudaStream_t s = stream_.get();  // every upload is ordered before the updates on this stream
    layers_.reserve(initial.size());
    inputs_.resize(initial.size() + 1);
    int64_t widest = 0;
    for (int l = 1; l <= config.depth(); ++l) {
      layers_.emplace_back(config.layer_config(l), initial[static_cast<std::size_t>(l - 1)], s);
      const int64_t n_in = config.sizes[static_cast<std::size_t>(l - 1)];
      DeviceBuffer<float>& X = inputs_[static_cast<std::size_t>(l)];
      if (l == 1) {
        X.upload(data, static_cast<std::size_t>(n_samples * n_in), s);
      } else {
        X.resize(static_cast<std::size_t>(n_samples * n_in));
        X.zero(s);
      }
      widest = std::max({widest, n_in, config.sizes[static_cast<std::size_t>(l)]});
    }
    ws_.reserve(B_, widest, widest, s);
    order_.resize(static_cast<std::size_t>(n_samples));
    row_sse_.resize(static_cast<std::size_t>(n_samples));
    RBMDYN_CUBLAS_CHECK(cublasSetStream(cublas_.get(), s));
    RBMDYN_CUBLAS_CHECK(cublasSetPointerMode(cublas_.get(), CUBLAS_POINTER_MODE_DEVICE));
    RBMDYN_CUBLAS_CHECK(cublasSetMathMode(cublas_.get(), CUBLAS_DEFAULT_MATH));  // FP32 (no TF32)
  }

  Backend backend() const override { return Backend::cuda; }

  double train(int l, const int32_t* batches, int64_t count, int epoch, PassUp pass_up) override {
    RBMDYN_CHECK(count >= 0 && count * B_ <= n_samples_, "a run of batches beyond the training set");
    cudaStream_t s = stream_.get();
    Cd1DeviceLayer& layer = layers_[static_cast<std::size_t>(l - 1)];
    // The rows of the run, batch after batch: the a coordinate of every draw (the sample index).
    std::vector<int32_t> rows(static_cast<std::size_t>(count * B_));
    for (int64_t k = 0; k < count; ++k)
      std::iota(rows.begin() + k * B_, rows.begin() + (k + 1) * B_, static_cast<int32_t>(batches[k] * B_));
    RBMDYN_CUDA_CHECK(
        cudaMemcpyAsync(order_.data(), rows.data(), rows.size() * sizeof(int32_t), cudaMemcpyHostToDevice, s));
    layer.set_epoch(epoch, s);
    const float* X = inputs_[static_cast<std::size_t>(l)].data();
    for (int64_t k = 0; k < count; ++k) {
      NvtxRange range("train/update");
      layer.enqueue_update(cublas_.get(), X, order_.data(), k * B_, ws_, row_sse_.data() + k * B_, s);
      if (pass_up != PassUp::none) enqueue_pass_up(l, static_cast<int64_t>(batches[k]) * B_, pass_up);
    }
    std::vector<double> row_sse(rows.size());
    if (!row_sse.empty())
      RBMDYN_CUDA_CHECK(
          cudaMemcpyAsync(row_sse.data(), row_sse_.data(), row_sse.size() * sizeof(double), cudaMemcpyDeviceToHost, s));
    stream_.synchronize();
    double sse = 0.0;  // batch by batch, each summed in row order, as train_layer_batches
    for (int64_t k = 0; k < count; ++k)
      sse += std::accumulate(row_sse.begin() + k * B_, row_sse.begin() + (k + 1) * B_, 0.0);
    return sse;
  }

  void store(std::vector<Cd1State>& layers) const override {
    for (std::size_t k = 0; k < layers_.size(); ++k)
      layers[k] = layers_[k].download(layers[k].epochs_done, stream_.get());
  }

  std::vector<float> input(int l) const override { return inputs_[static_cast<std::size_t>(l)].to_host(stream_.get()); }

  void set_input(int l, const std::vector<float>& x) override {
    DeviceBuffer<float>& to = inputs_[static_cast<std::size_t>(l)];
    RBMDYN_CHECK(x.size() == to.size(), "a layer input of the wrong size");
    to.upload(x, stream_.get());
  }

 private:
  // Rows row0 … row0 + B − 1 of X_{l+1} = ↑_l of the batch just updated: P0, or, after the update,
  // σ(V0·W + b_h) (the GEMM into P0's rows, then the Gibbs kernel without draws at T = 1, which is
  // σ(x + b_h) exactly, writing its copy into X_{l+1}).
  void enqueue_pass_up(int l, int64_t row0, PassUp pass_up) {
    cudaStream_t s = stream_.get();
    const Cd1DeviceLayer& layer = layers_[static_cast<std::size_t>(l - 1)];
    const int64_t n_in = layer.n_visible(), n_out = layer.n_hidden();
    float* up = inputs_[static_cast<std::size_t>(l + 1)].data() + row0 * n_out;
    float* P0 = ws_.hidden.data();
    if (pass_up == PassUp::before_update) {
      RBMDYN_CUDA_CHECK(
          cudaMemcpyAsync(up, P0, static_cast<std::size_t>(B_ * n_out) * sizeof(float), cudaMemcpyDeviceToDevice, s));
      return;
    }
    const kernels::Cd1Scalars* sc = layer.scalars();
    gpu_sgemm(cublas_.get(), Trans::no, Trans::no, B_, n_out, n_in, &sc->one, ws_.visible.data(), layer.W(), &sc->zero,
              P0);
    kernels::launch_conditional_rows(P0, layer.b_h(), B_, n_out, 1.0f, nullptr, nullptr, up, n_out, s);
  }

  int64_t B_, n_samples_;
  CudaStream stream_;  // before layers_, which upload on it
  CublasHandle cublas_;
  std::vector<Cd1DeviceLayer> layers_;
  std::vector<DeviceBuffer<float>> inputs_;  // [L + 1]: inputs_[l] = X_l [n_samples, n_{l−1}] (0 unused)
  Cd1DeviceWorkspace ws_;
  DeviceBuffer<int32_t> order_;  // the rows of the current run
  DeviceBuffer<double> row_sse_;
};

}  // namespace

std::unique_ptr<DbnLayers> make_dbn_layers_cuda(const DbnConfig& config, const std::vector<Cd1State>& initial,
                                                const float* data, int64_t n_samples) {
  return std::make_unique<DbnLayersCuda>(config, initial, data, n_samples);
}

}  // namespace rbmdyn
