#include "host/core/cuda_check.hpp"
#include "host/ops/gibbs_math.hpp"
#include "kernels/gibbs.cuh"
#include "kernels/launch.cuh"
#include "kernels/row_uniforms.cuh"

namespace rbmdyn::kernels {
namespace {

constexpr int kThreads = 256;
using Tile = RowUniformTile<kThreads>;

// One block per chain, tiles of 1024 units; lane t of a warp handles unit tile + k·256 + t (coalesced).
__global__ void hidden_sample_kernel(float* __restrict__ h, const float* __restrict__ b_h, int64_t n_hidden,
                                     GibbsStepParams params, float* __restrict__ activity, float* __restrict__ keep,
                                     int64_t keep_stride) {
  __shared__ float4 u4[kThreads];
  const Tile tile{u4};
  const int64_t r = blockIdx.x;
  const RandomStream rng{params.seed, RngPurpose::gibbs_hidden};
  const gibbs::ChainAddress at =
      gibbs::chain_address(params.chain_offset + static_cast<uint64_t>(r), params.chains_per_vector);
  float* row = h + r * n_hidden;
  int active = 0;
  for (int64_t first = 0; first < n_hidden; first += Tile::kTileElements) {
    tile.draw(rng, at.vector, static_cast<uint32_t>(params.step), first, n_hidden, at.chain);
    __syncthreads();
    for (int k = 0; k < 4; ++k) {
      const int e = k * kThreads + static_cast<int>(threadIdx.x);
      const int64_t j = first + e;
      if (j >= n_hidden) break;
      const float s = bernoulli(gibbs::conditional(row[j], b_h[j], params.temperature), tile.u()[e]);
      row[j] = s;
      if (keep != nullptr) keep[r * keep_stride + j] = s;
      active += s > 0.0f ? 1 : 0;
    }
    __syncthreads();
  }
  active = block_sum(active);
  if (threadIdx.x == 0) activity[r] = gibbs::activity_percent(static_cast<double>(active), n_hidden);
}

__global__ void visible_kernel(float* __restrict__ v, const float* __restrict__ b_v, int64_t n_visible, bool sampled,
                               GibbsStepParams params, float* __restrict__ keep, int64_t keep_stride) {
  __shared__ float4 u4[kThreads];
  const Tile tile{u4};
  const int64_t r = blockIdx.x;
  const RandomStream rng{params.seed, RngPurpose::gibbs_visible};
  const gibbs::ChainAddress at =
      gibbs::chain_address(params.chain_offset + static_cast<uint64_t>(r), params.chains_per_vector);
  float* row = v + r * n_visible;
  for (int64_t first = 0; first < n_visible; first += Tile::kTileElements) {
    if (sampled) tile.draw(rng, at.vector, static_cast<uint32_t>(params.step), first, n_visible, at.chain);
    __syncthreads();
    for (int k = 0; k < 4; ++k) {
      const int e = k * kThreads + static_cast<int>(threadIdx.x);
      const int64_t i = first + e;
      if (i >= n_visible) break;
      float x = gibbs::conditional(row[i], b_v[i], params.temperature);
      if (sampled) x = bernoulli(x, tile.u()[e]);
      row[i] = x;
      if (keep != nullptr) keep[r * keep_stride + i] = x;
    }
    __syncthreads();
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
