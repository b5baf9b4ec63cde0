// The CUDA CD-1 engine: the training set lives on the device, each update is 4 cuBLAS GEMMs and 6
// fused kernels (enqueued by Cd1DeviceLayer, host/rbm/cd1_device_layer.hpp), and a whole epoch (all its
// updates) is captured once into a CUDA graph and replayed, so the host neither launches per kernel nor
// synchronises per batch. The epoch's stream coordinate and momentum live in device memory (Cd1Scalars)
// so that the same graph serves every epoch.
#include <cublas_v2.h>

#include <cmath>
#include <numeric>

#include "host/core/error.hpp"
#include "host/rbm/cd1_device_layer.hpp"
#include "host/rbm/cd1_engine.hpp"
#include "host/runtime/cublas_check.hpp"
#include "host/runtime/device_buffer.hpp"
#include "host/runtime/nvtx.hpp"

namespace rbmdyn {
namespace {

class Cd1EngineCuda final : public Cd1Engine {
 public:
  Cd1EngineCuda(const Cd1Config& config, Cd1State initial, const float* data, int64_t n_samples)
      : config_(config), nv_(initial.rbm.n_visible), n_samples_(n_samples), epochs_done_(initial.epochs_done),
        layer_(config, initial, stream_.get()) {
    NvtxRange range("train/setup");
    const int64_t B = config_.batch_size;
    cudaStream_t s = stream_.get();  // every upload is ordered before the epoch graphs on this stream
    data_.upload(data, static_cast<std::size_t>(n_samples * nv_), s);
    ws_.reserve(B, nv_, initial.rbm.n_hidden, s);
    order_.resize(static_cast<std::size_t>(n_samples));
    row_sse_.resize(static_cast<std::size_t>((n_samples / B) * B));
    RBMDYN_CUBLAS_CHECK(cublasSetStream(cublas_.get(), stream_.get()));
    RBMDYN_CUBLAS_CHECK(cublasSetPointerMode(cublas_.get(), CUBLAS_POINTER_MODE_DEVICE));
    // An explicit workspace keeps cuBLAS from allocating inside graph capture.
    workspace_.resize(32u << 20);
    RBMDYN_CUBLAS_CHECK(cublasSetWorkspace(cublas_.get(), workspace_.data(), workspace_.size()));
    RBMDYN_CUBLAS_CHECK(cublasSetMathMode(cublas_.get(), CUBLAS_DEFAULT_MATH));  // FP32 (no TF32)
  }

  Cd1Errors train_epoch(int epoch, const std::vector<int32_t>& order) override {
    NvtxRange range("train/epoch");
    RBMDYN_CHECK(static_cast<int64_t>(order.size()) == n_samples_, "epoch order must cover the training set");
    const int B = config_.batch_size;
    const int64_t batches = n_samples_ / B;
    RBMDYN_CUDA_CHECK(cudaMemcpyAsync(order_.data(), order.data(), order.size() * sizeof(int32_t),
                                      cudaMemcpyHostToDevice, stream_.get()));
    layer_.set_epoch(epoch, stream_.get());
    if (!graph_.ready()) {
      graph_.begin_capture(stream_.get());
      for (int64_t b = 0; b < batches; ++b)
        layer_.enqueue_update(cublas_.get(), data_.data(), order_.data(), b * B, ws_, row_sse_.data() + b * B,
                              stream_.get());
      graph_.end_capture(stream_.get());
    }
    graph_.launch(stream_.get());
    const std::vector<double> row_sse = row_sse_.to_host(stream_.get());

    Cd1Errors errors;
    for (int64_t b = 0; b < batches; ++b) {
      const double sse = std::accumulate(row_sse.begin() + b * B, row_sse.begin() + (b + 1) * B, 0.0);
      errors.sse += sse;
      errors.sum_batch_error += std::sqrt(sse);
    }
    errors.values = batches * B * nv_;
    epochs_done_ = epoch + 1;
    return errors;
  }

  Cd1State state() const override { return layer_.download(epochs_done_, stream_.get()); }

 private:
  Cd1Config config_;
  int64_t nv_, n_samples_;
  int epochs_done_;
  CudaStream stream_;  // before layer_, which uploads on it
  CublasHandle cublas_;
  CudaGraph graph_;
  Cd1DeviceLayer layer_;
  Cd1DeviceWorkspace ws_;
  DeviceBuffer<uint8_t> workspace_;
  DeviceBuffer<float> data_;
  DeviceBuffer<int32_t> order_;
  DeviceBuffer<double> row_sse_;
};

}  // namespace

std::unique_ptr<Cd1Engine> make_cd1_engine_cuda(const Cd1Config& config, Cd1State initial, const float* data,
                                                int64_t n_samples) {
  return std::make_unique<Cd1EngineCuda>(config, std::move(initial), data, n_samples);
}

}  // namespace rbmdyn
