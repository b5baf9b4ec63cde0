// The CUDA readout of method.md §3.1–3.2: per chunk of images, one cuBLAS GEMM X·W, then the fused
// sigmoid + Bernoulli kernel and the class-sum kernel (kernels/readout.cuh), which adds rows in image
// order per column in double, as the CPU twin does.
#include <algorithm>

#include "host/biasing/label_biasing.hpp"
#include "host/blas/gpu_blas.hpp"
#include "host/core/error.hpp"
#include "host/runtime/device_buffer.hpp"
#include "host/runtime/nvtx.hpp"
#include "kernels/readout.cuh"

namespace rbmdyn {

LabelBiasing compute_label_biasing_cuda(const Rbm& rbm, const float* images, const uint8_t* labels, int64_t n,
                                        uint64_t seed, ReadoutMode mode) {
  NvtxRange range("biasing/readout");
  LabelBiasing out;
  out.class_counts = readout_class_counts(labels, n);
  const int64_t nv = rbm.n_visible;
  const int64_t nh = rbm.n_hidden;
  out.n_hidden = nh;

  CudaStream stream;
  CublasHandle cublas;
  RBMDYN_CUBLAS_CHECK(cublasSetStream(cublas.get(), stream.get()));
  RBMDYN_CUBLAS_CHECK(cublasSetMathMode(cublas.get(), CUBLAS_DEFAULT_MATH));  // FP32 (no TF32)
  DeviceBuffer<float> W, b_h, x, h;
  DeviceBuffer<uint8_t> y;
  DeviceBuffer<double> sums(static_cast<std::size_t>(kDigitClasses * nh));
  W.upload(rbm.W, stream.get());  // on the stream the GEMMs and kernels below run on
  b_h.upload(rbm.b_h, stream.get());
  x.upload(images, static_cast<std::size_t>(n * nv), stream.get());
  y.upload(labels, static_cast<std::size_t>(n), stream.get());
  sums.zero(stream.get());
  constexpr int64_t kChunk = 8192;  // [8192, nh] floats = 33 MB of pre-activations
  h.resize(static_cast<std::size_t>(std::min(kChunk, n) * nh));
  const float one = 1.0f;
  const float zero = 0.0f;
  for (int64_t first = 0; first < n; first += kChunk) {
    const int64_t rows = std::min(kChunk, n - first);
    gpu_sgemm(cublas.get(), Trans::no, Trans::no, rows, nh, nv, &one, x.data() + first * nv, W.data(), &zero,
              h.data());
    kernels::launch_readout_hidden(h.data(), b_h.data(), first, rows, nh, seed, mode == ReadoutMode::sampled,
                                   stream.get());
    kernels::launch_class_sums(h.data(), y.data() + first, rows, nh, sums.data(), stream.get());
  }
  const std::vector<double> host = sums.to_host(stream.get());
  out.lb.resize(host.size());
  for (int c = 0; c < kDigitClasses; ++c)
    for (int64_t j = 0; j < nh; ++j)
      out.lb[static_cast<std::size_t>(c * nh + j)] = static_cast<float>(
          host[static_cast<std::size_t>(c * nh + j)] / static_cast<double>(out.class_counts[static_cast<std::size_t>(c)]));
  return out;
}

}  // namespace rbmdyn
