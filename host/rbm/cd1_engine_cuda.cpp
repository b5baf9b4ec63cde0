// The CUDA CD-1 engine: the training set lives on the device, each update is 4 cuBLAS GEMMs and 6
// fused kernels (kernels/cd1.cuh), and a whole epoch (all its updates) is captured once into a CUDA
// graph and replayed, so the host neither launches per kernel nor synchronises per batch. The epoch
// number and momentum live in device memory (Cd1Scalars) so that the same graph serves every epoch.
#include <cublas_v2.h>

#include <numeric>

#include "host/blas/gpu_blas.hpp"
#include "host/core/error.hpp"
#include "host/rbm/cd1_engine.hpp"
#include "host/runtime/cublas_check.hpp"
#include "host/runtime/device_buffer.hpp"
#include "host/runtime/nvtx.hpp"
#include "kernels/cd1.cuh"

namespace rbmdyn {
namespace {

class Cd1EngineCuda final : public Cd1Engine {
 public:
  Cd1EngineCuda(const Cd1Config& config, Cd1State initial, const float* data, int64_t n_samples)
      : config_(config), nv_(initial.rbm.n_visible), nh_(initial.rbm.n_hidden), n_samples_(n_samples),
        epochs_done_(initial.epochs_done) {
    NvtxRange range("train/setup");
    const int64_t B = config_.batch_size;
    cudaStream_t s = stream_.get();  // every upload is ordered before the epoch graphs on this stream
    data_.upload(data, static_cast<std::size_t>(n_samples * nv_), s);
    W_.upload(initial.rbm.W, s);
    b_v_.upload(initial.rbm.b_v, s);
    b_h_.upload(initial.rbm.b_h, s);
    dW_.upload(initial.dW, s);
    db_v_.upload(initial.db_v, s);
    db_h_.upload(initial.db_h, s);
    visible_.resize(static_cast<std::size_t>(2 * B * nv_));
    hidden_.resize(static_cast<std::size_t>(2 * B * nh_));
    // The GEMMs writing these take beta from device memory (CUBLAS_POINTER_MODE_DEVICE), so cuBLAS
    // cannot skip reading C when beta is 0: 0·NaN from stale cudaMalloc memory would be NaN. Zero once.
    visible_.zero(s);
    hidden_.zero(s);
    h0_.resize(static_cast<std::size_t>(B * nh_));
    order_.resize(static_cast<std::size_t>(n_samples));
    row_sse_.resize(static_cast<std::size_t>((n_samples / B) * B));
    scalars_.resize(1);
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
    const int64_t batches = n_samples_ / config_.batch_size;
    const kernels::Cd1Scalars scalars{epoch, config_.momentum_for_epoch(epoch), 1.0f, 0.0f,
                                      config_.lr_weights / static_cast<float>(config_.batch_size)};
    RBMDYN_CUDA_CHECK(cudaMemcpyAsync(order_.data(), order.data(), order.size() * sizeof(int32_t),
                                      cudaMemcpyHostToDevice, stream_.get()));
    RBMDYN_CUDA_CHECK(cudaMemcpyAsync(scalars_.data(), &scalars, sizeof scalars, cudaMemcpyHostToDevice,
                                      stream_.get()));
    if (!graph_.ready()) {
      graph_.begin_capture(stream_.get());
      for (int64_t b = 0; b < batches; ++b) enqueue_update(b);
      graph_.end_capture(stream_.get());
    }
    graph_.launch(stream_.get());
    const std::vector<double> row_sse = download_row_sse();

    Cd1Errors errors;
    const int B = config_.batch_size;
    for (int64_t b = 0; b < batches; ++b) {
      const double sse = std::accumulate(row_sse.begin() + b * B, row_sse.begin() + (b + 1) * B, 0.0);
      errors.sse += sse;
      errors.sum_batch_error += std::sqrt(sse);
    }
    errors.values = batches * B * nv_;
    epochs_done_ = epoch + 1;
    return errors;
  }

  Cd1State state() const override {
    const cudaStream_t stream = stream_.get();
    Cd1State s;
    s.rbm.n_visible = nv_;
    s.rbm.n_hidden = nh_;
    s.rbm.W = W_.to_host(stream);
    s.rbm.b_v = b_v_.to_host(stream);
    s.rbm.b_h = b_h_.to_host(stream);
    s.dW = dW_.to_host(stream);
    s.db_v = db_v_.to_host(stream);
    s.db_h = db_h_.to_host(stream);
    s.epochs_done = epochs_done_;
    return s;
  }

 private:
  // One CD-1 update on batch b (method.md §2.2), enqueued on stream_ (captured into the epoch graph).
  void enqueue_update(int64_t b) {
    const int B = config_.batch_size;
    cudaStream_t s = stream_.get();
    cublasHandle_t h = cublas_.get();
    const kernels::Cd1Scalars* sc = scalars_.data();
    float* V0 = visible_.data();
    float* V1 = V0 + B * nv_;
    float* P0 = hidden_.data();
    float* P1neg = P0 + B * nh_;
    const int64_t first = b * B;

    kernels::launch_gather_rows(data_.data(), order_.data(), first, B, nv_, V0, s);
    gpu_sgemm(h, Trans::no, Trans::no, B, nh_, nv_, &sc->one, V0, W_.data(), &sc->zero, P0);
    kernels::launch_cd1_hidden_sample(P0, h0_.data(), b_h_.data(), order_.data(), first, B, nh_, config_.seed, sc, s);
    gpu_sgemm(h, Trans::no, Trans::yes, B, nv_, nh_, &sc->one, h0_.data(), W_.data(), &sc->zero, V1);
    kernels::launch_cd1_visible_reconstruct(V1, V0, b_v_.data(), B, nv_, row_sse_.data() + first, s);
    gpu_sgemm(h, Trans::no, Trans::no, B, nh_, nv_, &sc->one, V1, W_.data(), &sc->zero, P1neg);
    kernels::launch_cd1_hidden_negative(P1neg, b_h_.data(), B, nh_, s);
    kernels::launch_cd1_bias_step(b_v_.data(), db_v_.data(), b_h_.data(), db_h_.data(), V0, P0, B, nv_, nh_,
                                  config_.lr_visible_bias / static_cast<float>(B),
                                  config_.lr_hidden_bias / static_cast<float>(B), sc, s);
    // dW = m·dW + (ε/B)·[V0; V1]ᵀ·[P0; −P1]
    gpu_sgemm(h, Trans::yes, Trans::no, nv_, nh_, 2 * B, &sc->lr_weights_over_b, V0, P0, &sc->momentum, dW_.data());
    kernels::launch_cd1_weight_step(W_.data(), dW_.data(), nv_ * nh_, config_.lr_weights * config_.weight_cost, s);
  }

  std::vector<double> download_row_sse() { return row_sse_.to_host(stream_.get()); }

  Cd1Config config_;
  int64_t nv_, nh_, n_samples_;
  int epochs_done_;
  CudaStream stream_;
  CublasHandle cublas_;
  CudaGraph graph_;
  DeviceBuffer<uint8_t> workspace_;
  DeviceBuffer<float> data_, W_, b_v_, b_h_, dW_, db_v_, db_h_, visible_, hidden_, h0_;
  DeviceBuffer<int32_t> order_;
  DeviceBuffer<double> row_sse_;
  DeviceBuffer<kernels::Cd1Scalars> scalars_;
};

}  // namespace

std::unique_ptr<Cd1Engine> make_cd1_engine_cuda(const Cd1Config& config, Cd1State initial, const float* data,
                                                int64_t n_samples) {
  return std::make_unique<Cd1EngineCuda>(config, std::move(initial), data, n_samples);
}

}  // namespace rbmdyn
