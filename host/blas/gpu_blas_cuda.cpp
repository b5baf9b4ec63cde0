#include "host/blas/gpu_blas.hpp"

#include "host/runtime/cublas_check.hpp"

namespace rbmdyn {

void gpu_sgemm(cublasHandle_t handle, Trans trans_a, Trans trans_b, int64_t m, int64_t n, int64_t k,
               const float* alpha, const float* a, const float* b, const float* beta, float* c) {
  const int64_t lda = trans_a == Trans::no ? k : m;
  const int64_t ldb = trans_b == Trans::no ? n : k;
  RBMDYN_CUBLAS_CHECK(cublasSgemm(handle, trans_b == Trans::no ? CUBLAS_OP_N : CUBLAS_OP_T,
                                  trans_a == Trans::no ? CUBLAS_OP_N : CUBLAS_OP_T, static_cast<int>(n),
                                  static_cast<int>(m), static_cast<int>(k), alpha, b, static_cast<int>(ldb), a,
                                  static_cast<int>(lda), beta, c, static_cast<int>(n)));
}

}  // namespace rbmdyn
