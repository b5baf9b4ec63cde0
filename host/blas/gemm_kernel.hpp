#pragma once
// The register-blocked micro-kernel of the deterministic SGEMM, written once for every ISA of
// gemm_isa.hpp. It computes one R × nr tile of C (R ≤ mr rows, nr = nv·lanes columns):
//   acc[r][j] = fma(a[p][r], b[p][j], acc[r][j]) for p = 0, 1, …, k−1 in order, starting from +0,
//   C[r][j]   = gemm_finish(acc[r][j], alpha, beta, C_old[r][j])           for j < cols only.
// Each lane is the sequential FMA chain of one output element, so the tile's position, its size R and
// the ISA do not change any element. Inputs are panels (gemm_pack.hpp):
//   a [k, R]  packed, row p holds op(A)[i0 .. i0+R, p];
//   b [k, nr] row p (at b + p·b_stride) holds op(B)[p, j0 .. j0+nr]: a packed, zero-padded copy
//             (b_stride = nr) or, for a full panel of op(B) = B, B itself (b_stride = ldb).
#include <array>
#include <cmath>
#include <cstdint>
#include <utility>

namespace rbmdyn::gemm {

// The single formula for the stored element; every path (vector, edge tile, k = 0) uses it. With
// beta == 0 the old C is not read (it may hold garbage, NaN included).
inline float gemm_finish(float acc, float alpha, float beta, const float* c_old) {
  const float scaled = alpha * acc;
  return beta == 0.0f ? scaled : std::fma(beta, *c_old, scaled);
}

// C tile at c (row stride ldc), `cols` ≤ nr valid columns.
template <class I, int R>
void micro_kernel(int64_t k, const float* a, const float* b, int64_t b_stride, float alpha, float beta, float* c,
                  int64_t ldc, int64_t cols) {
  using V = typename I::V;
  constexpr int NV = I::nv, L = I::lanes, NR = NV * L;
  V acc[R][NV];
#pragma GCC unroll 16
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[r][v] = I::zero();
  for (int64_t p = 0; p < k; ++p) {
    const float* bp = b + p * b_stride;
    const float* ap = a + p * R;
    V bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) bv[v] = I::load(bp + v * L);
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r) {
      const V ar = I::broadcast(ap + r);
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[r][v] = I::fma(ar, bv[v], acc[r][v]);
    }
  }
  if (cols == NR) {
    // Full tile: gemm_finish in vector form (the same two IEEE operations per lane).
    const V va = I::set1(alpha), vb = I::set1(beta);
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r)
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) {
        float* cp = c + r * ldc + v * L;
        const V scaled = I::mul(va, acc[r][v]);
        I::store(cp, beta == 0.0f ? scaled : I::fma(vb, I::load(cp), scaled));
      }
    return;
  }
  // Edge tile: spill the accumulators and finish the valid columns one by one.
  // (Unrolled like the loops above: an accumulator indexed at run time would live in memory.)
  float tile[R][NR];
#pragma GCC unroll 16
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) I::store(&tile[r][v * L], acc[r][v]);
  for (int r = 0; r < R; ++r)
    for (int64_t j = 0; j < cols; ++j) c[r * ldc + j] = gemm_finish(tile[r][j], alpha, beta, c + r * ldc + j);
}

using MicroKernel = void (*)(int64_t, const float*, const float*, int64_t, float, float, float*, int64_t, int64_t);

// micro_kernels<I>()[R − 1] is the kernel for R rows, R = 1 .. I::mr (the last row block of a call
// has fewer than mr rows; each count gets its own fully unrolled kernel).
template <class I, std::size_t... Rm1>
constexpr std::array<MicroKernel, sizeof...(Rm1)> micro_kernel_table(std::index_sequence<Rm1...>) {
  return {&micro_kernel<I, static_cast<int>(Rm1) + 1>...};
}
template <class I>
const std::array<MicroKernel, I::mr>& micro_kernels() {
  static constexpr std::array<MicroKernel, I::mr> table = micro_kernel_table<I>(std::make_index_sequence<I::mr>{});
  return table;
}

}  // namespace rbmdyn::gemm
