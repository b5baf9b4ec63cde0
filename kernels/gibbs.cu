#include "host/core/cuda_check.hpp"
#include "host/ops/gibbs_math.hpp"
#include "kernels/gibbs.cuh"
#include "kernels/launch.cuh"

namespace rbmdyn::kernels {
namespace {

constexpr int kThreads = 256;

__global__ void hidden_sample_kernel(float* __restrict__ h, const float* __restrict__ b_h, int64_t n_hidden,
                                     GibbsStepParams params, float* __restrict__ activity, float* __restrict__ keep,
                                     int64_t keep_stride) {
  const int64_t r = blockIdx.x;
  const RandomStream rng{params.seed, RngPurpose::gibbs_hidden};
  const auto chain = static_cast<uint32_t>(params.chain_offset + static_cast<uint64_t>(r));
  float* row = h + r * n_hidden;
  int active = 0;
  for (int64_t quad = threadIdx.x; 4 * quad < n_hidden; quad += blockDim.x) {
    const PhiloxCounter bits = rng.bits4(chain, static_cast<uint32_t>(params.step), static_cast<uint32_t>(quad));
    for (int lane = 0; lane < 4; ++lane) {
      const int64_t j = 4 * quad + lane;
      if (j >= n_hidden) break;
      const float s = bernoulli(gibbs::conditional(row[j], b_h[j], params.temperature), uniform_from_bits(bits.x[lane]));
      row[j] = s;
      if (keep != nullptr) keep[r * keep_stride + j] = s;
      active += s > 0.0f ? 1 : 0;
    }
  }
  active = block_sum(active);
  if (threadIdx.x == 0) activity[r] = gibbs::activity_percent(static_cast<double>(active), n_hidden);
}

__global__ void visible_kernel(float* __restrict__ v, const float* __restrict__ b_v, int64_t n_visible, bool sampled,
                               GibbsStepParams params, float* __restrict__ keep, int64_t keep_stride) {
  const int64_t r = blockIdx.x;
  const RandomStream rng{params.seed, RngPurpose::gibbs_visible};
  const auto chain = static_cast<uint32_t>(params.chain_offset + static_cast<uint64_t>(r));
  float* row = v + r * n_visible;
  for (int64_t quad = threadIdx.x; 4 * quad < n_visible; quad += blockDim.x) {
    PhiloxCounter bits{};
    if (sampled) bits = rng.bits4(chain, static_cast<uint32_t>(params.step), static_cast<uint32_t>(quad));
    for (int lane = 0; lane < 4; ++lane) {
      const int64_t i = 4 * quad + lane;
      if (i >= n_visible) break;
      float x = gibbs::conditional(row[i], b_v[i], params.temperature);
      if (sampled) x = bernoulli(x, uniform_from_bits(bits.x[lane]));
      row[i] = x;
      if (keep != nullptr) keep[r * keep_stride + i] = x;
    }
  }
}

}  // namespace

void launch_gibbs_hidden_sample(float* h, const float* b_h, int64_t chains, int64_t n_hidden,
                                const GibbsStepParams& params, float* activity, float* keep, int64_t keep_stride,
                                cudaStream_t stream) {
  hidden_sample_kernel<<<static_cast<unsigned>(chains), kThreads, 0, stream>>>(h, b_h, n_hidden, params, activity,
                                                                                keep, keep_stride);
  RBMDYN_CHECK_LAUNCH();
}

void launch_gibbs_visible(float* v, const float* b_v, int64_t chains, int64_t n_visible, bool sampled,
                          const GibbsStepParams& params, float* keep, int64_t keep_stride, cudaStream_t stream) {
  visible_kernel<<<static_cast<unsigned>(chains), kThreads, 0, stream>>>(v, b_v, n_visible, sampled, params, keep,
                                                                          keep_stride);
  RBMDYN_CHECK_LAUNCH();
}

}  // namespace rbmdyn::kernels
