#pragma once
// Fused element-wise kernels of the CD-1 update (docs/method.md §2.2); the GEMMs are cuBLAS calls made by
// host/rbm/cd1_engine_cuda.cpp. CPU twin: host/rbm/cd1_engine_cpu.cpp (same per-element functions,
// host/ops/cd1_math.hpp). All matrices row-major, B = batch rows.
//
// Napkin cost per update at B = 125, 784×1000: GEMMs 0.98 GFLOP; these kernels move ≈ 14 MB (mostly
// the weight step: W and dW read and written once, 4 × 3.1 MB), i.e. a few µs each on an H200, so an
// update is launch-bound unless replayed from a CUDA graph.
#include <cuda_runtime.h>

#include <cstdint>

namespace rbmdyn::kernels {

// Values the update reads from device memory, so that one captured CUDA graph serves every epoch.
// The GEMMs use them through CUBLAS_POINTER_MODE_DEVICE.
struct Cd1Scalars {
  uint32_t stream_b;        // b coordinate of the cd1_hidden / cd1_visible draws: cd1_stream_b(epoch, layer)
  float momentum;           // m for this epoch (GEMM beta of the dW update)
  float one;                // 1 (GEMM alpha)
  float zero;               // 0 (GEMM beta)
  float lr_weights_over_b;  // ε_W / B (GEMM alpha of the dW update)
};

// out[r, :] = data[order[first + r], :] for r < B. out: [B, n_visible].
void launch_gather_rows(const float* data, const int32_t* order, int64_t first, int batch, int64_t n_visible,
                        float* out, cudaStream_t stream);

// In place: p[r, j] = σ(p[r, j] + b_h[j]) (p holds V0·W on entry); h0[r, j] = Bern(p[r, j]) with the
// uniform of (seed, cd1_hidden, a = order[first + r], b = scalars->stream_b, element j). One Philox call
// per thread serves 4 hidden units.
void launch_cd1_hidden_sample(float* p, float* h0, const float* b_h, const int32_t* order, int64_t first, int batch,
                              int64_t n_hidden, uint64_t seed, const Cd1Scalars* scalars, cudaStream_t stream);

// Where the draws of a binary negative visible come from (dbn.md §3.1): the uniform of row r, unit i is
// that of (seed, cd1_visible, a = order[first + r], b = scalars->stream_b, element i).
struct Cd1VisibleDraws {
  uint64_t seed;
  const int32_t* order;  // device
  int64_t first;
  const Cd1Scalars* scalars;  // device
};

// In place: v1[r, i] = σ(v1[r, i] + b_v[i]) (v1 holds H0·Wᵀ on entry), and row_sse[r] =
// Σ_i (v0[r, i] − v1[r, i])² in double against that probability; then, when `draws` is not null,
// v1[r, i] = Bern(v1[r, i]) (NegativeVisible::sampled). One block of 256 per row, uniforms shared through
// a tile (kernels/row_uniforms.cuh).
void launch_cd1_visible_reconstruct(float* v1, const float* v0, const float* b_v, int batch, int64_t n_visible,
                                    double* row_sse, const Cd1VisibleDraws* draws, cudaStream_t stream);

// In place: p1neg[r, j] = −σ(p1neg[r, j] + b_h[j]) (holds V1·W on entry); negated so that one GEMM
// [V0; V1]ᵀ·[P0; −P1] forms pos − neg.
void launch_cd1_hidden_negative(float* p1neg, const float* b_h, int batch, int64_t n_hidden, cudaStream_t stream);

// Bias increments and steps from column sums (one thread per column, rows summed in order in double):
// db_v = m·db_v + (ε_v/B)·Σ_r(V0 − V1), b_v += db_v; db_h = m·db_h + (ε_h/B)·Σ_r(P0 + (−P1)), b_h += db_h.
// `visible` is [2B, n_visible] = [V0; V1], `hidden` is [2B, n_hidden] = [P0; −P1].
void launch_cd1_bias_step(float* b_v, float* db_v, float* b_h, float* db_h, const float* visible,
                          const float* hidden, int batch, int64_t n_visible, int64_t n_hidden,
                          float lr_visible_over_b, float lr_hidden_over_b, const Cd1Scalars* scalars,
                          cudaStream_t stream);

// dW −= ε·λ·W; W += dW, element-wise over `count` entries (dW already holds m·dW + (ε/B)(pos − neg)).
void launch_cd1_weight_step(float* W, float* dW, int64_t count, float eps_lambda, cudaStream_t stream);

}  // namespace rbmdyn::kernels
