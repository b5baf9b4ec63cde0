// The CUDA readout of method.md §3.1–3.2: per chunk of images, one cuBLAS GEMM X·W, then the fused
// sigmoid + Bernoulli kernel and the class-sum kernel (kernels/readout.cuh), which adds rows in image
// order per column in double, as the CPU twin (label_biasing_cpu.cpp) does. The RBM's W and b_h stay
// on the device for the engine's lifetime.
#include <algorithm>

#include "host/biasing/label_biasing.hpp"
#include "host/blas/gpu_blas.hpp"
#include "host/core/error.hpp"
#include "host/runtime/device_buffer.hpp"
#include "host/runtime/nvtx.hpp"
#include "kernels/readout.cuh"

namespace rbmdyn {
namespace {

class LabelBiasingEngineCuda final : public LabelBiasingEngine {
 public:
  explicit LabelBiasingEngineCuda(const Rbm& rbm) : nv_(rbm.n_visible), nh_(rbm.n_hidden) {
    RBMDYN_CUBLAS_CHECK(cublasSetStream(cublas_.get(), stream_.get()));
    RBMDYN_CUBLAS_CHECK(cublasSetMathMode(cublas_.get(), CUBLAS_DEFAULT_MATH));  // FP32 (no TF32)
    W_.upload(rbm.W, stream_.get());  // on the stream the GEMMs and kernels run on
    b_h_.upload(rbm.b_h, stream_.get());
  }

  LabelBiasing readout(const float* images, const uint8_t* labels, int64_t n, uint64_t seed,
                       ReadoutMode mode) override {
    NvtxRange range("biasing/readout");
    LabelBiasing out;
    out.class_counts = readout_class_counts(labels, n);
    out.n_hidden = nh_;
    DeviceBuffer<float> x, h;
    DeviceBuffer<uint8_t> y;
    DeviceBuffer<double> sums(static_cast<std::size_t>(kNumDigits * nh_));
    x.upload(images, static_cast<std::size_t>(n * nv_), stream_.get());
    y.upload(labels, static_cast<std::size_t>(n), stream_.get());
    sums.zero(stream_.get());
    constexpr int64_t kChunk = 8192;  // [8192, nh] floats = 33 MB of pre-activations
    h.resize(static_cast<std::size_t>(std::min(kChunk, n) * nh_));
    const float one = 1.0f;
    const float zero = 0.0f;
    for (int64_t first = 0; first < n; first += kChunk) {
      const int64_t rows = std::min(kChunk, n - first);
      gpu_sgemm(cublas_.get(), Trans::no, Trans::no, rows, nh_, nv_, &one, x.data() + first * nv_, W_.data(), &zero,
                h.data());
      kernels::launch_readout_hidden(h.data(), b_h_.data(), first, rows, nh_, seed, mode == ReadoutMode::sampled,
                                     stream_.get());
      kernels::launch_class_sums(h.data(), y.data() + first, rows, nh_, sums.data(), stream_.get());
    }
    out.lb = class_means(sums.to_host(stream_.get()), out.class_counts, nh_);
    return out;
  }

 private:
  int64_t nv_, nh_;
  CudaStream stream_;
  CublasHandle cublas_;
  DeviceBuffer<float> W_, b_h_;
};

}  // namespace

std::unique_ptr<LabelBiasingEngine> make_label_biasing_engine_cuda(const Rbm& rbm) {
  return std::make_unique<LabelBiasingEngineCuda>(rbm);
}

}  // namespace rbmdyn
