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

enum class Copies { rows, columns };

// `base` with op(A) made of `count` copies of its row 0 (Copies::rows), or op(B) of `count` copies of
// its column 0 (Copies::columns), stored as the transposes say; C zeroed.
GemmProblem with_copies(const GemmProblem& base, Copies what, int64_t count) {
  GemmProblem g = base;
  if (what == Copies::rows) {
    g.m = count;
    g.a.resize(static_cast<std::size_t>(count * g.k));
    for (int64_t i = 0; i < count; ++i)
      for (int64_t p = 0; p < g.k; ++p)
        g.a[static_cast<std::size_t>(g.ta == Trans::no ? i * g.k + p : p * count + i)] = base.op_a(0, p);
  } else {
    g.n = count;
    g.b.resize(static_cast<std::size_t>(g.k * count));
    for (int64_t p = 0; p < g.k; ++p)
      for (int64_t j = 0; j < count; ++j)
        g.b[static_cast<std::size_t>(g.tb == Trans::no ? p * count + j : j * g.k + p)] = base.op_b(p, 0);
  }
  g.c.assign(static_cast<std::size_t>(g.m * g.n), 0.0f);
  return g;
}

// Every copy, at every position of calls with 1..70 copies and with `big` copies (several blocks and
// threads), has the bits of the one computed alone; for all four transpose combinations.
void expect_copies_identical(Copies what, int64_t big) {
  for (const Trans ta : kTrans)
    for (const Trans tb : kTrans) {
      const int64_t m = what == Copies::rows ? 1 : 5, n = what == Copies::rows ? 45 : 1;
      const GemmProblem base = GemmProblem::random(ta, tb, m, n, 300, 1.0f, 0.0f, 21);
      const std::vector<float> alone = with_copies(base, what, 1).run();
      std::vector<int64_t> counts;
      for (int64_t count = 1; count <= 70; ++count) counts.push_back(count);
      counts.push_back(big);
      for (const int64_t count : counts) {
        const GemmProblem g = with_copies(base, what, count);
        const std::vector<float> c = g.run();
        for (int64_t i = 0; i < g.m; ++i)
          for (int64_t j = 0; j < g.n; ++j)
            ASSERT_EQ(c[static_cast<std::size_t>(i * g.n + j)],
                      alone[static_cast<std::size_t>(what == Copies::rows ? j : i)])
                << combo(ta, tb) << ", " << count << " copies, row " << i << " column " << j;
      }
    }
}

TEST(GemmInvariance, IdenticalRowsGiveIdenticalBitsAtEveryPosition) { expect_copies_identical(Copies::rows, 300); }

TEST(GemmInvariance, IdenticalColumnsGiveIdenticalBitsAtEveryPosition) {
  expect_copies_identical(Copies::columns, 1000);
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
