// What the deterministic SGEMM promises beyond accuracy (host/blas/cpu_blas.hpp): an element's bits do
// not depend on where its row or column sits in the call, on how many rows the call has (batch size,
// shards, row chunks), or on the OpenMP thread count. A BLAS does not promise this; OpenBLAS 0.3.21 on
// Zen 5 breaks the first two, which is why rbmdyn has its own GEMM.
#include <gtest/gtest.h>
#include <omp.h>

#include <string>
#include <vector>

#include "tests/blas/gemm_problem.hpp"

namespace rbmdyn {
namespace {

using test::GemmProblem;

constexpr Trans kTrans[] = {Trans::no, Trans::yes};

std::string combo(Trans ta, Trans tb) {
  return std::string("ta=") + (ta == Trans::yes ? "T" : "N") + " tb=" + (tb == Trans::yes ? "T" : "N");
}

// op(A) with `m` identical rows (the row of `base`, row 0): stored as A or Aᵀ.
GemmProblem with_repeated_row(const GemmProblem& base, int64_t m) {
  GemmProblem g = base;
  g.m = m;
  g.a.resize(static_cast<std::size_t>(m * g.k));
  for (int64_t i = 0; i < m; ++i)
    for (int64_t p = 0; p < g.k; ++p) {
      const std::size_t at = static_cast<std::size_t>(g.ta == Trans::no ? i * g.k + p : p * m + i);
      g.a[at] = base.op_a(0, p);
    }
  g.c.assign(static_cast<std::size_t>(m * g.n), 0.0f);
  return g;
}

// op(B) with `n` identical columns (column 0 of `base`).
GemmProblem with_repeated_column(const GemmProblem& base, int64_t n) {
  GemmProblem g = base;
  g.n = n;
  g.b.resize(static_cast<std::size_t>(g.k * n));
  for (int64_t p = 0; p < g.k; ++p)
    for (int64_t j = 0; j < n; ++j) {
      const std::size_t at = static_cast<std::size_t>(g.tb == Trans::no ? p * n + j : j * g.k + p);
      g.b[at] = base.op_b(p, 0);
    }
  g.c.assign(static_cast<std::size_t>(g.m * n), 0.0f);
  return g;
}

// Identical rows at every position of m = 1..70 (and 300, several row blocks and threads) give the
// bits of the row computed alone.
TEST(GemmInvariance, IdenticalRowsGiveIdenticalBitsAtEveryPosition) {
  for (const Trans ta : kTrans)
    for (const Trans tb : kTrans) {
      const GemmProblem base = GemmProblem::random(ta, tb, 1, 45, 300, 1.0f, 0.0f, 21);
      const std::vector<float> alone = with_repeated_row(base, 1).run();
      std::vector<int64_t> sizes;
      for (int64_t m = 1; m <= 70; ++m) sizes.push_back(m);
      sizes.push_back(300);
      for (const int64_t m : sizes) {
        const std::vector<float> c = with_repeated_row(base, m).run();
        for (int64_t i = 0; i < m; ++i)
          for (int64_t j = 0; j < base.n; ++j)
            ASSERT_EQ(c[static_cast<std::size_t>(i * base.n + j)], alone[static_cast<std::size_t>(j)])
                << combo(ta, tb) << " m=" << m << " row " << i << " column " << j;
      }
    }
}

TEST(GemmInvariance, IdenticalColumnsGiveIdenticalBitsAtEveryPosition) {
  for (const Trans ta : kTrans)
    for (const Trans tb : kTrans) {
      const GemmProblem base = GemmProblem::random(ta, tb, 5, 1, 300, 1.0f, 0.0f, 22);
      const std::vector<float> alone = with_repeated_column(base, 1).run();
      std::vector<int64_t> sizes;
      for (int64_t n = 1; n <= 70; ++n) sizes.push_back(n);
      sizes.push_back(1000);
      for (const int64_t n : sizes) {
        const std::vector<float> c = with_repeated_column(base, n).run();
        for (int64_t i = 0; i < base.m; ++i)
          for (int64_t j = 0; j < n; ++j)
            ASSERT_EQ(c[static_cast<std::size_t>(i * n + j)], alone[static_cast<std::size_t>(i)])
                << combo(ta, tb) << " n=" << n << " row " << i << " column " << j;
      }
    }
}

// 1, 2 and 3 threads (row-split and column-split tilings, beta ≠ 0) give the same bits.
TEST(GemmInvariance, ThreadCountDoesNotChangeAnyBit) {
  const int saved = omp_get_max_threads();
  for (const Trans ta : kTrans)
    for (const Trans tb : kTrans)
      for (const auto& [m, n] : {std::pair<int64_t, int64_t>{150, 130}, {20, 1000}}) {
        const GemmProblem g = GemmProblem::random(ta, tb, m, n, 120, 0.8f, 0.9f, 23);
        omp_set_num_threads(1);
        const std::vector<float> one = g.run();
        for (const int threads : {2, 3}) {
          omp_set_num_threads(threads);
          EXPECT_EQ(g.run(), one) << combo(ta, tb) << " m=" << m << " n=" << n << ": " << threads << " threads";
        }
      }
  omp_set_num_threads(saved);
}

// The rows of a big call, recomputed alone or in chunks of other sizes (a smaller batch, a shard, the
// biasing readout's row chunks), keep their bits.
TEST(GemmInvariance, RowsComputedInChunksEqualTheWholeCall) {
  for (const Trans tb : kTrans) {
    const GemmProblem g = GemmProblem::random(Trans::no, tb, 260, 77, 150, 1.0f, 0.0f, 24);
    const std::vector<float> whole = g.run();
    for (const int64_t chunk : {1, 7, 64, 125}) {
      std::vector<float> pieces(whole.size());
      for (int64_t r0 = 0; r0 < g.m; r0 += chunk) {
        const int64_t rows = std::min(chunk, g.m - r0);
        cpu_sgemm(Trans::no, tb, rows, g.n, g.k, g.alpha, g.a.data() + r0 * g.k, g.b.data(), 0.0f,
                  pieces.data() + r0 * g.n);
      }
      EXPECT_EQ(pieces, whole) << "chunks of " << chunk << " rows, " << combo(Trans::no, tb);
    }
  }
}

}  // namespace
}  // namespace rbmdyn
