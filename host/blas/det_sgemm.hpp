#pragma once
// The deterministic SGEMM behind cpu_sgemm (contract in host/blas/cpu_blas.hpp), with the instruction
// set selectable so that tests can check that every ISA built in gives the same bits.
#include <cstdint>
#include <vector>

#include "host/blas/cpu_blas.hpp"
#include "host/blas/gemm_isa.hpp"

namespace rbmdyn::gemm {

// The ISAs compiled into this build (they follow -march), best first; cpu_sgemm uses the first.
const std::vector<Isa>& compiled_isas();
const char* isa_name(Isa isa);

// C = alpha·op(A)·op(B) + beta·C, row-major with leading dimensions (lda ≥ row length of the stored A,
// and so on), on `isa`, which must be one of compiled_isas(). Multithreaded with OpenMP (the current
// team size) unless called inside a parallel region.
void sgemm(Isa isa, Trans trans_a, Trans trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
           int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

}  // namespace rbmdyn::gemm
