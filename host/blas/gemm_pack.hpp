#pragma once
// Packing for the deterministic SGEMM: copies a strip of op(A) or op(B) into the contiguous,
// k-major panel the micro-kernel (gemm_kernel.hpp) streams through. Transposes are handled here, by
// the strides, so one micro-kernel serves all four combinations. Packing copies values; it never
// changes one.
#include <cstdint>

namespace rbmdyn::gemm {

// dst[p·width + w] = src[p·k_stride + w·w_stride] for p < k, w < valid; 0 for valid ≤ w < width.
//   B panel (columns j0 .. j0+valid of op(B), width nr): op(B) = B: src = b + j0, strides (ldb, 1);
//                                                        op(B) = Bᵀ: src = b + j0·ldb, strides (1, ldb).
//   A panel (rows i0 .. i0+R of op(A), width R):         op(A) = A: src = a + i0·lda, strides (1, lda);
//                                                        op(A) = Aᵀ: src = a + i0, strides (lda, 1).
void pack_panel(const float* src, int64_t k_stride, int64_t w_stride, int64_t k, int64_t valid, int64_t width,
                float* dst);

// Scratch of the calling thread: at least `count` floats, 64-byte aligned, kept between calls (grows
// only). A call takes slot 0 for its packed B and slot 1 for its team's packed A rows.
float* pack_scratch(int slot, int64_t count);

}  // namespace rbmdyn::gemm
