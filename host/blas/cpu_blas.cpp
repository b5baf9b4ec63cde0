#include "host/blas/cpu_blas.hpp"

#include <cblas.h>

#include "host/blas/det_sgemm.hpp"

namespace rbmdyn {

void cpu_sgemm(Trans trans_a, Trans trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
               const float* b, float beta, float* c) {
  cpu_sgemm(trans_a, trans_b, m, n, k, alpha, a, trans_a == Trans::no ? k : m, b, trans_b == Trans::no ? n : k,
            beta, c, n);
}

void cpu_sgemm(Trans trans_a, Trans trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
               int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  gemm::sgemm(gemm::compiled_isas().front(), trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

int cpu_blas_threads() { return openblas_get_num_threads(); }

}  // namespace rbmdyn
