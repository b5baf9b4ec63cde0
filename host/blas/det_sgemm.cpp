// Driver of the deterministic SGEMM: packs op(B) once per call into k × nr panels shared by the team
// (or, for few rows and op(B) = B, reads B in place), cuts C into units of (row block × column block),
// and per unit packs its rows of op(A) into k × mr panels and runs the micro-kernel over every
// (panel, mr rows) tile. The cut, the thread count and the ISA only decide who computes an element and
// how fast; the element's value is fixed by gemm_kernel.hpp (one FMA chain over k, then gemm_finish).
#include "host/blas/det_sgemm.hpp"

#include <omp.h>

#include <algorithm>

#include "host/blas/gemm_kernel.hpp"
#include "host/blas/gemm_pack.hpp"
#include "host/core/error.hpp"

namespace rbmdyn::gemm {
namespace {

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

// One call: op(A) [m, k], op(B) [k, n], C [m, n], row-major with leading dimensions.
struct Call {
  Trans ta, tb;
  int64_t m, n, k;
  float alpha;
  const float* a;
  int64_t lda;
  const float* b;
  int64_t ldb;
  float beta;
  float* c;
  int64_t ldc;

  // Rows i0 .. i0+rows of op(A) as a [k, rows] panel.
  void pack_a(int64_t i0, int64_t rows, float* dst) const {
    if (ta == Trans::no)
      pack_panel(a + i0 * lda, 1, lda, k, rows, rows, dst);
    else
      pack_panel(a + i0, lda, 1, k, rows, rows, dst);
  }
  // Columns j0 .. j0+nr of op(B) (zero past n) as a [k, nr] panel.
  void pack_b(int64_t j0, int64_t nr, float* dst) const {
    const int64_t valid = std::min(nr, n - j0);
    if (tb == Trans::no)
      pack_panel(b + j0, ldb, 1, k, valid, nr, dst);
    else
      pack_panel(b + j0 * ldb, 1, ldb, k, valid, nr, dst);
  }
};

// C cut into units of work: row blocks (whole mr micro-panels but the last) × column blocks (whole
// nr panels). Only speed depends on it.
struct Tiling {
  int64_t rows_per_block = 0, row_blocks = 0, panels = 0, panels_per_block = 0, col_blocks = 0;
  int64_t units() const { return row_blocks * col_blocks; }
};

Tiling plan_tiling(int64_t m, int64_t n, int64_t mr, int64_t nr, int threads) {
  Tiling t;
  // At most 8 micro-panels of A per block (≈ 450 KB at k = 1000, mr = 14: they stay in L2 while the
  // block sweeps over the B panels), evened out so that the last block is not a sliver.
  const int64_t blocks = ceil_div(m, 8 * mr);
  t.rows_per_block = ceil_div(ceil_div(m, blocks), mr) * mr;
  t.row_blocks = ceil_div(m, t.rows_per_block);
  t.panels = ceil_div(n, nr);
  // Few row blocks (small m): split the columns too, for about 4 units per thread of ≥ 4 panels each.
  const int64_t wanted = threads > 1 ? ceil_div(4 * threads, t.row_blocks) : 1;
  t.col_blocks = std::clamp<int64_t>(wanted, 1, std::max<int64_t>(1, t.panels / 4));
  t.panels_per_block = ceil_div(t.panels, t.col_blocks);
  t.col_blocks = ceil_div(t.panels, t.panels_per_block);
  return t;
}

// Where the micro-kernel reads op(B)'s panels: packed copies [k, nr] (row stride nr), or, for
// `direct` (op(B) = B with few rows of C, where packing would cost as much as the products), B itself
// (row stride ldb) for every full panel; a partial last panel is always packed (zero-padded).
struct PanelSource {
  const Call* g;
  float* packed;
  int64_t nr;
  bool direct;

  bool needs_packing(int64_t jp) const { return !direct || (jp + 1) * nr > g->n; }
  const float* at(int64_t jp) const { return needs_packing(jp) ? packed + jp * nr * g->k : g->b + jp * nr; }
  int64_t stride(int64_t jp) const { return needs_packing(jp) ? nr : g->ldb; }
};

template <class I>
void run_unit(const Call& g, const Tiling& t, int64_t unit, const PanelSource& b, float* a_packed) {
  constexpr int64_t MR = I::mr, NR = I::nv * I::lanes;
  const int64_t r0 = unit / t.col_blocks * t.rows_per_block;
  const int64_t r1 = std::min(g.m, r0 + t.rows_per_block);
  const int64_t p0 = unit % t.col_blocks * t.panels_per_block;
  const int64_t p1 = std::min(t.panels, p0 + t.panels_per_block);
  for (int64_t i = r0; i < r1; i += MR) g.pack_a(i, std::min(MR, r1 - i), a_packed + (i - r0) * g.k);
  const auto& kernels = micro_kernels<I>();
  for (int64_t jp = p0; jp < p1; ++jp) {
    const int64_t j = jp * NR;
    for (int64_t i = r0; i < r1; i += MR) {
      const int64_t rows = std::min(MR, r1 - i);
      kernels[static_cast<std::size_t>(rows - 1)](g.k, a_packed + (i - r0) * g.k, b.at(jp), b.stride(jp), g.alpha,
                                                  g.beta, g.c + i * g.ldc + j, g.ldc, std::min(NR, g.n - j));
    }
  }
}

// Below this many multiply-adds one thread is faster than waking a team.
constexpr int64_t kSerialWork = int64_t{1} << 20;

// C rows up to which op(B) = B is read in place rather than packed (see PanelSource).
constexpr int64_t kDirectRows = 64;

template <class I>
void run(const Call& g) {
  constexpr int64_t NR = I::nv * I::lanes;
  const bool serial = omp_in_parallel() || g.m * g.n * g.k < kSerialWork;
  const Tiling t = plan_tiling(g.m, g.n, I::mr, NR, serial ? 1 : omp_get_max_threads());
  const int threads = serial ? 1 : static_cast<int>(std::min<int64_t>(omp_get_max_threads(), t.units()));
  // Scratch is taken here, by the calling thread (nothing may throw inside the parallel region).
  const PanelSource b{&g, pack_scratch(0, t.panels * NR * g.k), NR, g.tb == Trans::no && g.m <= kDirectRows};
  float* const a_scratch = pack_scratch(1, threads * t.rows_per_block * g.k);
  // A team of its own even when serial: the worksharing loops below must not bind to a caller's team.
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
#pragma omp for schedule(static)
    for (int64_t jp = 0; jp < t.panels; ++jp)
      if (b.needs_packing(jp)) g.pack_b(jp * NR, NR, b.packed + jp * NR * g.k);
    float* a_packed = a_scratch + omp_get_thread_num() * t.rows_per_block * g.k;
#pragma omp for schedule(static)
    for (int64_t u = 0; u < t.units(); ++u) run_unit<I>(g, t, u, b, a_packed);
  }
}

// alpha == 0 or k == 0: the product term is exactly 0; A and B are not read.
void scale_only(const Call& g) {
  for (int64_t i = 0; i < g.m; ++i)
    for (int64_t j = 0; j < g.n; ++j) {
      float* cij = g.c + i * g.ldc + j;
      *cij = gemm_finish(0.0f, 1.0f, g.beta, cij);
    }
}

}  // namespace

const std::vector<Isa>& compiled_isas() {
  static const std::vector<Isa> isas = {
#ifdef __AVX512F__
      Isa::avx512,
#endif
#ifdef __FMA__
      Isa::avx2,
#endif
      Isa::scalar};
  return isas;
}

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::avx512: return "avx512";
    case Isa::avx2: return "avx2+fma";
    case Isa::scalar: return "scalar";
  }
  return "?";
}

void sgemm(Isa isa, Trans trans_a, Trans trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
           int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  RBMDYN_CHECK(m >= 0 && n >= 0 && k >= 0, "sgemm: negative size");
  RBMDYN_CHECK(lda >= (trans_a == Trans::no ? k : m), "sgemm: lda too small");
  RBMDYN_CHECK(ldb >= (trans_b == Trans::no ? n : k), "sgemm: ldb too small");
  RBMDYN_CHECK(ldc >= n, "sgemm: ldc too small");
  const Call g{trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc};
  if (m == 0 || n == 0) return;
  if (k == 0 || alpha == 0.0f) return scale_only(g);
  switch (isa) {
#ifdef __AVX512F__
    case Isa::avx512: return run<Avx512Isa>(g);
#endif
#ifdef __FMA__
    case Isa::avx2: return run<Avx2Isa>(g);
#endif
    case Isa::scalar: return run<ScalarIsa>(g);
    default: break;
  }
  fail(std::string("sgemm: instruction set ") + isa_name(isa) + " is not built in");
}

}  // namespace rbmdyn::gemm
