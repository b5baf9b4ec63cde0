#include "host/core/cuda_check.hpp"
#include "host/core/study.hpp"
#include "host/ops/readout_math.hpp"
#include "kernels/launch.cuh"
#include "kernels/readout.cuh"

namespace rbmdyn::kernels {
namespace {

__global__ void readout_hidden_kernel(float* __restrict__ h, const float* __restrict__ b_h, int64_t first_image,
                                      int64_t n_hidden, uint64_t seed, bool sampled) {
  const int64_t r = blockIdx.y;
  const int64_t quad = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
  if (4 * quad >= n_hidden) return;
  const RandomStream rng{seed, RngPurpose::readout_hidden};
  PhiloxCounter bits{};
  if (sampled) bits = rng.bits4(static_cast<uint32_t>(first_image + r), 0, static_cast<uint32_t>(quad));
  for (int lane = 0; lane < 4; ++lane) {
    const int64_t j = 4 * quad + lane;
    if (j >= n_hidden) break;
    float& x = h[r * n_hidden + j];
    x = readout::hidden_value(x, b_h[j], uniform_from_bits(bits.x[lane]), sampled);
  }
}

__global__ void class_sums_kernel(const float* __restrict__ h, const uint8_t* __restrict__ labels, int64_t rows,
                                  int64_t n_hidden, double* __restrict__ sums) {
  const int64_t j = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
  if (j >= n_hidden) return;
  // The running sums stay in registers/L1 for the chunk; adding row by row onto the sums so far keeps
  // the CPU's order exactly (one sequential sum per class and column over all images).
  double acc[kNumDigits];
  for (int c = 0; c < kNumDigits; ++c) acc[c] = sums[c * n_hidden + j];
  for (int64_t r = 0; r < rows; ++r) {
    const double x = h[r * n_hidden + j];
    const int label = labels[r];
#pragma unroll
    for (int c = 0; c < kNumDigits; ++c)
      if (c == label) acc[c] += x;
  }
  for (int c = 0; c < kNumDigits; ++c) sums[c * n_hidden + j] = acc[c];
}

}  // namespace

void launch_readout_hidden(float* h, const float* b_h, int64_t first_image, int64_t rows, int64_t n_hidden,
                           uint64_t seed, bool sampled, cudaStream_t stream) {
  const dim3 grid(static_cast<unsigned>(blocks_for((n_hidden + 3) / 4, 128)), static_cast<unsigned>(rows));
  readout_hidden_kernel<<<grid, 128, 0, stream>>>(h, b_h, first_image, n_hidden, seed, sampled);
  RBMDYN_CHECK_LAUNCH();
}

void launch_class_sums(const float* h, const uint8_t* labels, int64_t rows, int64_t n_hidden, double* sums,
                       cudaStream_t stream) {
  class_sums_kernel<<<static_cast<unsigned>(blocks_for(n_hidden, 64)), 64, 0, stream>>>(h, labels, rows, n_hidden,
                                                                                       sums);
  RBMDYN_CHECK_LAUNCH();
}

}  // namespace rbmdyn::kernels
