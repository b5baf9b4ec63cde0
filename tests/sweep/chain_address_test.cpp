// The random stream of a sweep is addressed by (vector, chain): adding chains to every vector never
// changes the trajectories of the chains it already had (vector v, chain c of a run with 2 chains per
// vector is vector v, chain c of a run with 5), and the chains of one vector still differ.
#include <gtest/gtest.h>

#include <vector>

#include "host/sweep/sweep.hpp"
#include "host/sweep/sweep_analysis.hpp"
#include "tests/sweep/sweep_fixture.hpp"

namespace rbmdyn {
namespace {

SweepRun run_with_chains(int64_t chains) {
  SweepOptions o = test::small_options();
  o.set = VectorSet::lb;
  o.chains = chains;
  o.example_chains = 1;
  test::StandInClassifier classifier;
  return run_sweep(test::small_rbm(), test::small_biasing(), classifier, o);
}

// Row (v, c) of a [V, chains, T] array.
template <typename T>
std::vector<T> chain_row(const std::vector<T>& a, int64_t chains, int64_t steps, int64_t v, int64_t c) {
  const auto first = a.begin() + (v * chains + c) * steps;
  return std::vector<T>(first, first + steps);
}

TEST(ChainAddress, AddingChainsKeepsTheExistingTrajectories) {
  const int64_t T = test::small_options().steps;
  const SweepRun two = run_with_chains(2), five = run_with_chains(5);
  for (int64_t v = 0; v < 10; ++v)
    for (int64_t c = 0; c < 2; ++c) {
      EXPECT_EQ(chain_row(two.data.activity, 2, T, v, c), chain_row(five.data.activity, 5, T, v, c))
          << "vector " << v << " chain " << c;
      EXPECT_EQ(chain_row(two.data.pred, 2, T, v, c), chain_row(five.data.pred, 5, T, v, c))
          << "vector " << v << " chain " << c;
      EXPECT_EQ(chain_row(two.data.entropy, 2, T, v, c), chain_row(five.data.entropy, 5, T, v, c))
          << "vector " << v << " chain " << c;
    }
  // Not vacuous: the chains of one vector, and the same chain of two vectors, draw different numbers.
  EXPECT_NE(chain_row(five.data.activity, 5, T, 1, 0), chain_row(five.data.activity, 5, T, 1, 3));
  EXPECT_NE(chain_row(five.data.activity, 5, T, 1, 0), chain_row(five.data.activity, 5, T, 2, 0));
}

}  // namespace
}  // namespace rbmdyn
