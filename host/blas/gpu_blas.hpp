#pragma once
// Row-major GEMM on cuBLAS with the same convention as cpu_sgemm (host/blas/cpu_blas.hpp):
// C[m,n] = alpha·op(A)[m,k]·op(B)[k,n] + beta·C. cuBLAS is column-major, so this computes
// Cᵀ = op(B)ᵀ·op(A)ᵀ with the operands swapped. alpha/beta follow the handle's pointer mode.
#include <cublas_v2.h>

#include <cstdint>

#include "host/blas/cpu_blas.hpp"

namespace rbmdyn {

void gpu_sgemm(cublasHandle_t handle, Trans trans_a, Trans trans_b, int64_t m, int64_t n, int64_t k,
               const float* alpha, const float* a, const float* b, const float* beta, float* c);

}  // namespace rbmdyn
