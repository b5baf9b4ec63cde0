#pragma once
// Row-major single-precision GEMM on the CPU BLAS (OpenBLAS): C = alpha·op(A)·op(B) + beta·C.
// Shapes: op(A) is m×k, op(B) is k×n, C is m×n, all row-major with leading dimension = row length.
#include <cstdint>

namespace rbmdyn {

enum class Trans { no, yes };

void cpu_sgemm(Trans trans_a, Trans trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
               const float* b, float beta, float* c);

// Threads OpenBLAS uses (0 = its default). Returns the previous setting.
int cpu_blas_threads();

}  // namespace rbmdyn
