#pragma once
// Row-major single-precision GEMM on the CPU: C = alpha·op(A)·op(B) + beta·C.
// Shapes: op(A) is m×k, op(B) is k×n, C is m×n, all row-major; without leading dimensions each is the
// row length of the stored matrix (k or m for A, n or k for B, n for C).
//
// Determinism contract. rbmdyn's own GEMM (det_sgemm.hpp), not a BLAS: a BLAS may round an element
// differently depending on where its row or column falls in the call (OpenBLAS 0.3.21 on Zen 5 does)
// or on the thread count. Here every element is a pure function of (row i of op(A), column j of
// op(B), k, alpha, beta, old C[i, j]):
//   acc = +0;  acc = fma(op(A)[i, p], op(B)[p, j], acc) for p = 0, 1, …, k−1 in this order;
//   C[i, j] = alpha·acc                        when beta == 0 (C is not read: it may hold NaN),
//           = fma(beta, C_old[i, j], alpha·acc) otherwise,
// each operation one IEEE-754 single-precision rounding. With alpha == 0 or k == 0, A and B are not
// read and C = 0 (beta == 0) or fma(beta, C_old, +0). So results do not depend on m, n, the element's
// position, the thread count, a call's split into several calls (batch size, shards), or the
// instruction set (AVX-512, AVX2+FMA and plain std::fma give the same bits). The error against the
// exact product is at most γ·(|alpha|·Σ_p |a_ip·b_pj| + |beta·C_old|), γ = (k+2)·u/(1 − (k+2)·u),
// u = 2⁻²⁴; typically ~√k·u relative (a sequential chain: a few times a blocked BLAS sum's error).
#include <cstdint>

namespace rbmdyn {

enum class Trans { no, yes };

void cpu_sgemm(Trans trans_a, Trans trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
               const float* b, float beta, float* c);

// The same with leading dimensions (strided sub-matrices), lda ≥ the row length of the stored A, etc.
void cpu_sgemm(Trans trans_a, Trans trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
               int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

// Threads OpenBLAS uses (still linked, for the classifier's double-precision gradient checks).
int cpu_blas_threads();

}  // namespace rbmdyn
