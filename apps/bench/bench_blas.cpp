// The deterministic SGEMM (host/blas/det_sgemm.hpp) against OpenBLAS on the project's real shapes.
//   blas/<gemm>/<shape>  gemm = det (cpu_sgemm, the build's best ISA), det-avx2 (the AVX2+FMA kernel
//                        of the same code) or openblas (cblas_sgemm); GFLOP/s = 2·m·n·k per call.
// Shapes (row-major, op(A) m×k, op(B) k×n):
//   gibbs/vW     N N 10000×1000×784     a Gibbs step's v·W over 10,000 chains
//   gibbs/hWt    N T 10000×784×1000     its h·Wᵀ
//   cd1/vW       N N 125×1000×784       CD-1 positive / negative hidden phase, batch 125
//   cd1/hWt      N T 125×784×1000       CD-1 reconstruction
//   cd1/stats    T N 784×1000×250       [V0; V1]ᵀ·[P0; −P1] into dW with beta = momentum
//   readout/...  N N 2048×1000×784      label-biasing readout chunk (and the last one, 608 rows)
//   cls/...      the small classifier's im2col convolutions and linear layers at batch 64: each of
//                the team's threads runs its own call at once (as the layers do, chunk by chunk),
//                so the figure is the team's total.
// All run on the OpenMP team (2 threads on the development VM; OMP_NUM_THREADS to change).
#include <cblas.h>
#include <omp.h>

#include <string>
#include <vector>

#include "apps/bench/bench_support.hpp"
#include "host/blas/det_sgemm.hpp"

namespace rbmdyn::bench {
namespace {

struct GemmShape {
  const char* name;
  Trans ta, tb;
  int64_t m, n, k;
  float alpha, beta;
  bool per_thread;  // every thread its own call inside one parallel region
};

constexpr GemmShape kShapes[] = {
    {"gibbs/vW", Trans::no, Trans::no, 10000, 1000, 784, 1.0f, 0.0f, false},
    {"gibbs/hWt", Trans::no, Trans::yes, 10000, 784, 1000, 1.0f, 0.0f, false},
    {"cd1/vW", Trans::no, Trans::no, 125, 1000, 784, 1.0f, 0.0f, false},
    {"cd1/hWt", Trans::no, Trans::yes, 125, 784, 1000, 1.0f, 0.0f, false},
    {"cd1/stats", Trans::yes, Trans::no, 784, 1000, 250, 1e-3f, 0.9f, false},
    {"readout/2048", Trans::no, Trans::no, 2048, 1000, 784, 1.0f, 0.0f, false},
    {"readout/608", Trans::no, Trans::no, 608, 1000, 784, 1.0f, 0.0f, false},
    // conv3x3 forward W[C_out, C_in·9]·col[C_in·9, cols]: 1→8 at 32×32, 16→16 at 16×16, 32→32 at 8×8
    {"cls/conv1_fwd", Trans::no, Trans::no, 8, 1024, 9, 1.0f, 0.0f, true},
    {"cls/conv16_fwd", Trans::no, Trans::no, 16, 256, 144, 1.0f, 0.0f, true},
    {"cls/conv32_fwd", Trans::no, Trans::no, 32, 256, 288, 1.0f, 0.0f, true},
    // conv3x3 backward at 32→32, 8×8: filter dout·colᵀ, data Wᵀ·dout
    {"cls/conv32_dw", Trans::no, Trans::yes, 32, 288, 256, 1.0f, 0.0f, true},
    {"cls/conv32_dx", Trans::yes, Trans::no, 288, 256, 32, 1.0f, 0.0f, true},
    // fc 256→256 at batch 64: forward x·Wᵀ in blocks of 16 rows, dW = dyᵀ·x in blocks of 64 rows
    {"cls/fc_fwd", Trans::no, Trans::yes, 16, 256, 256, 1.0f, 0.0f, true},
    {"cls/fc_dw", Trans::yes, Trans::no, 64, 256, 64, 1.0f, 0.0f, true},
};

enum class Gemm { det, det_avx2, openblas };

std::vector<float> values(int64_t count, uint32_t salt) {
  std::vector<float> v(static_cast<std::size_t>(count));
  uint32_t x = 2463534242u ^ salt;
  for (float& f : v) {  // xorshift32: cheap, deterministic, values in [−1, 1)
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    f = static_cast<float>(x >> 8) * 0x1p-23f - 1.0f;
  }
  return v;
}

void call(Gemm gemm, const GemmShape& s, const float* a, const float* b, float* c) {
  const int64_t lda = s.ta == Trans::no ? s.k : s.m, ldb = s.tb == Trans::no ? s.n : s.k;
  if (gemm == Gemm::openblas) {
    cblas_sgemm(CblasRowMajor, s.ta == Trans::no ? CblasNoTrans : CblasTrans,
                s.tb == Trans::no ? CblasNoTrans : CblasTrans, static_cast<blasint>(s.m), static_cast<blasint>(s.n),
                static_cast<blasint>(s.k), s.alpha, a, static_cast<blasint>(lda), b, static_cast<blasint>(ldb), s.beta,
                c, static_cast<blasint>(s.n));
    return;
  }
  const gemm::Isa isa = gemm == Gemm::det ? gemm::compiled_isas().front() : gemm::Isa::avx2;
  gemm::sgemm(isa, s.ta, s.tb, s.m, s.n, s.k, s.alpha, a, lda, b, ldb, s.beta, c, s.n);
}

void run_shape(benchmark::State& state, const GemmShape& s, Gemm gemm) {
  const int threads = s.per_thread ? omp_get_max_threads() : 1;
  const std::vector<float> a = values(s.m * s.k, 1), b = values(s.k * s.n, 2);
  std::vector<float> c = values(s.m * s.n * threads, 3);
  for (auto _ : state) {
    if (s.per_thread) {
#pragma omp parallel num_threads(threads)
      call(gemm, s, a.data(), b.data(), c.data() + omp_get_thread_num() * s.m * s.n);
    } else {
      call(gemm, s, a.data(), b.data(), c.data());
    }
    benchmark::DoNotOptimize(c.data());
  }
  set_throughput(state, threads, 2.0 * static_cast<double>(s.m * s.n * s.k) * threads, "calls");
}

bool has_avx2() {
  for (const gemm::Isa isa : gemm::compiled_isas())
    if (isa == gemm::Isa::avx2) return true;
  return false;
}

[[maybe_unused]] const int registered = [] {
  for (const GemmShape& s : kShapes) {
    const double flops = 2.0 * static_cast<double>(s.m * s.n * s.k);
    const double min_time = flops > 1e9 ? 1.0 : 0.5;
    auto add = [&](const char* gemm_name, Gemm gemm) {
      benchmark::RegisterBenchmark((std::string("blas/") + gemm_name + "/" + s.name).c_str(),
                                   [&s, gemm](benchmark::State& st) { run_shape(st, s, gemm); })
          ->Unit(benchmark::kMicrosecond)
          ->MinTime(min_time)
          ->UseRealTime();
    };
    add("det", Gemm::det);
    if (has_avx2() && gemm::compiled_isas().front() != gemm::Isa::avx2) add("det-avx2", Gemm::det_avx2);
    add("openblas", Gemm::openblas);
  }
  return 0;
}();

}  // namespace
}  // namespace rbmdyn::bench
