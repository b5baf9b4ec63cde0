// The deterministic SGEMM (host/blas/det_sgemm.hpp) against its contract (host/blas/cpu_blas.hpp):
// bit for bit against a plain loop of the element formula, within the rounding bound of a
// double-precision product, on every ISA built in, all four transpose combinations, sizes that are
// not multiples of any tile, and the edge cases (beta = 0 over NaN, k = 0, alpha = 0, empty C,
// leading dimensions). Problems and references: gemm_problem.hpp.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "host/core/error.hpp"
#include "tests/blas/gemm_problem.hpp"

namespace rbmdyn {
namespace {

using test::GemmProblem;

constexpr Trans kTrans[] = {Trans::no, Trans::yes};

std::string describe(const GemmProblem& g, gemm::Isa isa) {
  return std::string(gemm::isa_name(isa)) + " ta=" + (g.ta == Trans::yes ? "T" : "N") +
         " tb=" + (g.tb == Trans::yes ? "T" : "N") + " m=" + std::to_string(g.m) + " n=" + std::to_string(g.n) +
         " k=" + std::to_string(g.k) + " alpha=" + std::to_string(g.alpha) + " beta=" + std::to_string(g.beta);
}

// Sizes around the tiles of every ISA (mr = 4, 6, 14; nr = 4, 16, 32), one above the serial cut-off.
struct Shape {
  int64_t m, n, k;
};
constexpr Shape kShapes[] = {{1, 1, 1},   {1, 33, 7},    {15, 1, 20},  {14, 32, 16},
                             {29, 47, 3}, {37, 70, 129}, {130, 97, 90}};

TEST(DetSgemm, MatchesTheElementFormulaBitForBitOnEveryIsa) {
  ASSERT_GE(gemm::compiled_isas().size(), 1u);
  uint32_t seed = 1;
  for (const Shape s : kShapes)
    for (const Trans ta : kTrans)
      for (const Trans tb : kTrans)
        for (const float beta : {0.0f, 0.75f}) {
          const GemmProblem g = GemmProblem::random(ta, tb, s.m, s.n, s.k, beta == 0.0f ? 1.0f : -0.37f, beta, seed++);
          for (const gemm::Isa isa : gemm::compiled_isas()) {
            const std::vector<float> c = g.run(isa);
            int64_t wrong = 0;
            for (int64_t i = 0; i < g.m; ++i)
              for (int64_t j = 0; j < g.n; ++j)
                if (c[GemmProblem::idx(i * g.n + j)] != g.contract(i, j)) ++wrong;
            EXPECT_EQ(wrong, 0) << describe(g, isa);
          }
        }
}

TEST(DetSgemm, IsWithinTheRoundingBoundOfTheExactProduct) {
  uint32_t seed = 100;
  for (const Trans ta : kTrans)
    for (const Trans tb : kTrans)
      for (const float beta : {0.0f, 0.9f}) {
        const GemmProblem g = GemmProblem::random(ta, tb, 45, 61, 500, 1.3f, beta, seed++);
        const std::vector<float> c = g.run();
        double worst = 0.0;  // error / bound
        for (int64_t i = 0; i < g.m; ++i)
          for (int64_t j = 0; j < g.n; ++j) {
            const double err = std::abs(static_cast<double>(c[GemmProblem::idx(i * g.n + j)]) - g.exact(i, j));
            worst = std::max(worst, err / g.bound(i, j));
          }
        // The bound is rigorous; typical errors are far below it (random rounding errors cancel).
        EXPECT_LE(worst, 1.0) << describe(g, gemm::compiled_isas().front());
        EXPECT_GT(worst, 0.0) << "no rounding at all is implausible for k = 500";
      }
}

TEST(DetSgemm, BetaZeroDoesNotReadC) {
  GemmProblem g = GemmProblem::random(Trans::no, Trans::yes, 23, 40, 17, 1.0f, 0.0f, 7);
  const std::vector<float> expected = g.run();
  g.c.assign(g.c.size(), std::numeric_limits<float>::quiet_NaN());
  for (const gemm::Isa isa : gemm::compiled_isas()) {
    const std::vector<float> c = g.run(isa);
    for (std::size_t i = 0; i < c.size(); ++i) ASSERT_EQ(c[i], expected[i]) << gemm::isa_name(isa) << " element " << i;
  }
}

TEST(DetSgemm, KZeroOrAlphaZeroScalesCWithoutReadingAOrB) {
  for (const float alpha : {1.0f, 0.0f}) {
    GemmProblem g = GemmProblem::random(Trans::yes, Trans::no, 9, 13, alpha == 0.0f ? 5 : 0, alpha, 0.5f, 8);
    g.a.assign(g.a.size(), std::numeric_limits<float>::quiet_NaN());
    g.b.assign(g.b.size(), std::numeric_limits<float>::infinity());
    for (const gemm::Isa isa : gemm::compiled_isas()) {
      const std::vector<float> c = g.run(isa);
      for (std::size_t i = 0; i < c.size(); ++i)
        ASSERT_EQ(c[i], 0.5f * g.c[i]) << gemm::isa_name(isa) << " element " << i;
    }
    g.beta = 0.0f;
    g.c.assign(g.c.size(), std::numeric_limits<float>::quiet_NaN());
    for (const float v : g.run()) ASSERT_EQ(v, 0.0f);
  }
}

TEST(DetSgemm, EmptyOutputWritesNothing) {
  std::vector<float> a(50, 1.0f), b(50, 1.0f), c(4, -3.0f);
  cpu_sgemm(Trans::no, Trans::no, 0, 5, 10, 1.0f, a.data(), b.data(), 0.0f, c.data());
  cpu_sgemm(Trans::yes, Trans::yes, 5, 0, 10, 1.0f, a.data(), b.data(), 0.0f, c.data());
  for (const float v : c) EXPECT_EQ(v, -3.0f);
}

// Sub-matrices with leading dimensions larger than their rows (as the classifier's strided chunks):
// the same bits as the tight copies, and the padding of C untouched.
TEST(DetSgemm, LeadingDimensionsSelectSubMatrices) {
  for (const Trans ta : kTrans)
    for (const Trans tb : kTrans) {
      const GemmProblem g = GemmProblem::random(ta, tb, 19, 35, 26, 0.5f, 0.25f, 9);
      const std::vector<float> expected = g.run();
      auto widen = [](const std::vector<float>& v, int64_t rows, int64_t cols, int64_t ld) {
        std::vector<float> w(static_cast<std::size_t>(rows * ld), 99.0f);
        for (int64_t r = 0; r < rows; ++r)
          for (int64_t q = 0; q < cols; ++q)
            w[static_cast<std::size_t>(r * ld + q)] = v[static_cast<std::size_t>(r * cols + q)];
        return w;
      };
      const int64_t a_rows = ta == Trans::no ? g.m : g.k, b_rows = tb == Trans::no ? g.k : g.n;
      const int64_t lda = g.lda() + 3, ldb = g.ldb() + 5, ldc = g.n + 7;
      const std::vector<float> a = widen(g.a, a_rows, g.lda(), lda), b = widen(g.b, b_rows, g.ldb(), ldb);
      std::vector<float> c = widen(g.c, g.m, g.n, ldc);
      cpu_sgemm(ta, tb, g.m, g.n, g.k, g.alpha, a.data(), lda, b.data(), ldb, g.beta, c.data(), ldc);
      for (int64_t i = 0; i < g.m; ++i)
        for (int64_t j = 0; j < ldc; ++j) {
          const float want = j < g.n ? expected[static_cast<std::size_t>(i * g.n + j)] : 99.0f;
          ASSERT_EQ(c[static_cast<std::size_t>(i * ldc + j)], want) << "row " << i << " column " << j;
        }
    }
}

TEST(DetSgemm, RejectsImpossibleArguments) {
  std::vector<float> x(16, 0.0f);
  EXPECT_THROW(cpu_sgemm(Trans::no, Trans::no, -1, 2, 2, 1.0f, x.data(), x.data(), 0.0f, x.data()), Error);
  EXPECT_THROW(cpu_sgemm(Trans::no, Trans::no, 2, 2, 4, 1.0f, x.data(), 3, x.data(), 2, 0.0f, x.data(), 2), Error);
  EXPECT_THROW(cpu_sgemm(Trans::no, Trans::no, 2, 4, 2, 1.0f, x.data(), 2, x.data(), 4, 0.0f, x.data(), 3), Error);
}

}  // namespace
}  // namespace rbmdyn
