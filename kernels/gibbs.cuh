#pragma once
// Fused element-wise kernels of top-down generation (docs/method.md §4.1); the GEMMs are cuBLAS calls made
// by host/gibbs/gibbs_engine_cuda.cpp. CPU twin: host/gibbs/gibbs_engine_cpu.cpp (same per-element
// functions, host/ops/gibbs_math.hpp; same random stream addresses). Matrices row-major, one row per
// chain; `step` is the 0-based t, `chain_offset + r` the global chain index of row r.
//
// Napkin cost per step at 10,000 chains, 784×1000: GEMMs 31.4 GFLOP (≈ 0.6 ms at 50 TFLOP/s FP32);
// these kernels read and write the 40 MB hidden and 31 MB visible batches once (≈ 0.05 ms at 3 TB/s)
// plus what is kept, so a step is GEMM-bound.
#include <cuda_runtime.h>

#include <cstdint>

#include "host/core/random.hpp"

namespace rbmdyn::kernels {

// Where the draws of one step come from and how pre-activations are scaled.
struct GibbsStepParams {
  uint64_t seed;
  uint64_t chain_offset;  // global chain index of row 0
  uint64_t chains_per_vector;  // global chain g is (vector g / this, chain g % this): gibbs::chain_address
  int step;               // t, the b coordinate of the random stream
  float temperature;      // T > 0
};

// Where the draws of one sampled pass come from: the uniform of row r, unit j is that of (seed, purpose,
// a = vector, b, c = chain, element j) with (vector, chain) = gibbs::chain_address(chain_offset + r,
// chains_per_vector). The RBM engine uses (gibbs_hidden | gibbs_visible, b = step); the deep engine
// (host/gibbs/dbn_gibbs_engine.hpp) also (dbn_gibbs, b = 16·step + slot).
struct RowDraws {
  uint64_t seed;
  RngPurpose purpose;
  uint32_t b;
  uint64_t chain_offset;
  uint64_t chains_per_vector;
};

// The one fused kernel behind the launchers below, for any layer size: in place over x [rows, n] holding
// a GEMM result, x = σ((x + bias)/T), then x = Bern(x) with `draws` when `draws` is not null. When
// `activity` is not null, activity[r] = 100·Σ_j x[r, j] / n (exact for binary rows: sampled passes).
// When `keep` is not null, also keep[r·keep_stride + j] = x[r, j]. One block per row; one Philox call
// per 4 units, shared through a tile (kernels/row_uniforms.cuh) so that the warps read and write the
// row coalesced.
void launch_conditional_rows(float* x, const float* bias, int64_t rows, int64_t n, float temperature,
                             const RowDraws* draws, float* activity, float* keep, int64_t keep_stride,
                             cudaStream_t stream);

// In place over h [chains, n_hidden] holding v·W: h = Bern(σ((h + b_h)/T)) with the uniform of
// (seed, gibbs_hidden, a = vector, b = step, c = chain
// of global chain chain_offset + r, element j). activity[r] = 100·Σ_j h[r, j] /
// n_hidden (exact count). When `keep` is not null, also keep[r·keep_stride + j] = h[r, j].
// launch_conditional_rows with (gibbs_hidden, b = step).
void launch_gibbs_hidden_sample(float* h, const float* b_h, int64_t chains, int64_t n_hidden,
                                const GibbsStepParams& params, float* activity, float* keep, int64_t keep_stride,
                                cudaStream_t stream);

// In place over v [chains, n_visible] holding h·Wᵀ: v = σ((v + b_v)/T), then, when `sampled`,
// v = Bern(v) with the uniform of (seed, gibbs_visible, a = vector, b = step,
// c = chain of global chain chain_offset + r, element i).
// When `keep` is not null, also keep[r·keep_stride + i] = v[r, i]. launch_conditional_rows with
// (gibbs_visible, b = step) when sampled, without draws otherwise.
void launch_gibbs_visible(float* v, const float* b_v, int64_t chains, int64_t n_visible, bool sampled,
                          const GibbsStepParams& params, float* keep, int64_t keep_stride, cudaStream_t stream);

}  // namespace rbmdyn::kernels
