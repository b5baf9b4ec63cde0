#include "host/core/cuda_check.hpp"
#include "host/ops/gibbs_math.hpp"
#include "kernels/gibbs.cuh"
#include "kernels/launch.cuh"
#include "kernels/row_uniforms.cuh"

namespace rbmdyn::kernels {
namespace {

constexpr int kThreads = 256;
using Tile = RowUniformTile<kThreads>;

// One block per row, tiles of 1024 units; lane t of a warp handles unit tile + k·256 + t (coalesced).
// `sampled` says whether `draws` is used; `activity` null skips the count (the condition is uniform over
// the block, so every thread takes the same path into block_sum).
__global__ void conditional_rows_kernel(float* __restrict__ x, const float* __restrict__ bias, int64_t n,
                                        float temperature, bool sampled, RowDraws draws,
                                        float* __restrict__ activity, float* __restrict__ keep,
                                        int64_t keep_stride) {
  __shared__ float4 u4[kThreads];
  const Tile tile{u4};
  const int64_t r = blockIdx.x;
  const RandomStream rng{draws.seed, draws.purpose};
  const gibbs::ChainAddress at =
      gibbs::chain_address(draws.chain_offset + static_cast<uint64_t>(r), draws.chains_per_vector);
  float* row = x + r * n;
  int active = 0;
  for (int64_t first = 0; first < n; first += Tile::kTileElements) {
    if (sampled) tile.draw(rng, at.vector, draws.b, first, n, at.chain);
    __syncthreads();
    for (int k = 0; k < 4; ++k) {
      const int e = k * kThreads + static_cast<int>(threadIdx.x);
      const int64_t j = first + e;
      if (j >= n) break;
      float s = gibbs::conditional(row[j], bias[j], temperature);
      if (sampled) s = bernoulli(s, tile.u()[e]);
      row[j] = s;
      if (keep != nullptr) keep[r * keep_stride + j] = s;
      active += s > 0.0f ? 1 : 0;
    }
    __syncthreads();
  }
  if (activity == nullptr) return;
  active = block_sum(active);
  if (threadIdx.x == 0) activity[r] = gibbs::activity_percent(static_cast<double>(active), n);
}

}  // namespace

void launch_conditional_rows(float* x, const float* bias, int64_t rows, int64_t n, float temperature,
                             const RowDraws* draws, float* activity, float* keep, int64_t keep_stride,
                             cudaStream_t stream) {
  const RowDraws none{0, RngPurpose::gibbs_hidden, 0, 0, 1};  // unused when not sampled
  conditional_rows_kernel<<<static_cast<unsigned>(rows), kThreads, 0, stream>>>(
      x, bias, n, temperature, draws != nullptr, draws != nullptr ? *draws : none, activity, keep, keep_stride);
  RBMDYN_CHECK_LAUNCH();
}

void launch_gibbs_hidden_sample(float* h, const float* b_h, int64_t chains, int64_t n_hidden,
                                const GibbsStepParams& params, float* activity, float* keep, int64_t keep_stride,
                                cudaStream_t stream) {
  const RowDraws draws{params.seed, RngPurpose::gibbs_hidden, static_cast<uint32_t>(params.step), params.chain_offset,
                       params.chains_per_vector};
  launch_conditional_rows(h, b_h, chains, n_hidden, params.temperature, &draws, activity, keep, keep_stride, stream);
}

void launch_gibbs_visible(float* v, const float* b_v, int64_t chains, int64_t n_visible, bool sampled,
                          const GibbsStepParams& params, float* keep, int64_t keep_stride, cudaStream_t stream) {
  const RowDraws draws{params.seed, RngPurpose::gibbs_visible, static_cast<uint32_t>(params.step),
                       params.chain_offset, params.chains_per_vector};
  launch_conditional_rows(v, b_v, chains, n_visible, params.temperature, sampled ? &draws : nullptr, nullptr, keep,
                          keep_stride, stream);
}

}  // namespace rbmdyn::kernels
