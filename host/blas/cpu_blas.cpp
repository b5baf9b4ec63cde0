#include "host/blas/cpu_blas.hpp"

#include <cblas.h>

namespace rbmdyn {

void cpu_sgemm(Trans trans_a, Trans trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
               const float* b, float beta, float* c) {
  const int64_t lda = trans_a == Trans::no ? k : m;
  const int64_t ldb = trans_b == Trans::no ? n : k;
  cblas_sgemm(CblasRowMajor, trans_a == Trans::no ? CblasNoTrans : CblasTrans,
              trans_b == Trans::no ? CblasNoTrans : CblasTrans, static_cast<blasint>(m), static_cast<blasint>(n),
              static_cast<blasint>(k), alpha, a, static_cast<blasint>(lda), b, static_cast<blasint>(ldb), beta, c,
              static_cast<blasint>(n));
}

int cpu_blas_threads() { return openblas_get_num_threads(); }

}  // namespace rbmdyn
