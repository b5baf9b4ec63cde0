// The sweep's global chain order: a generation of one vector set (its chains at chain_offset =
// first global vector × chains per vector) reproduces exactly that set's chains in a run of all 100
// vectors, as `rbmdyn generate --set lb|intersection|double` vs `--set all` relies on.
#include <gtest/gtest.h>

#include <vector>

#include "host/biasing/biasing_set.hpp"
#include "host/core/random.hpp"
#include "host/gibbs/gibbs_engine.hpp"

namespace rbmdyn {
namespace {

TEST(SweepLayout, EachSetReproducesItsPartOfTheFullSweep) {
  const int64_t nv = 24, nh = 16, C = 3;
  const int steps = 4;
  const Rbm rbm = Rbm::initialized(nv, nh, 31, 0.6f);
  std::vector<float> lb(static_cast<std::size_t>(10 * nh));
  const RandomStream rs{8, RngPurpose::nondigit};
  for (std::size_t i = 0; i < lb.size(); ++i) lb[i] = uniform_from_bits(rs.bits(0, 0, static_cast<uint32_t>(i)));
  const BiasingSet set = make_biasing_vectors(lb, nh, 5);

  auto run_set = [&](VectorSet which) {
    const VectorRange range = vector_range(which);
    const std::vector<float> vectors = stack_vectors(set, which);
    const std::vector<float> start = tile_rows(vectors.data(), range.count, nh, C);
    GibbsOptions o;
    o.steps = steps;
    o.seed = 17;
    o.chain_offset = static_cast<uint64_t>(range.first) * C;
    o.chains_per_vector = C;
    o.keep_hidden_states = true;
    return make_gibbs_engine(Backend::cpu, rbm)->run(start.data(), range.count * C, o);
  };
  const GibbsResult all = run_set(VectorSet::all);
  ASSERT_EQ(all.chains, 100 * C);
  for (const VectorSet which : {VectorSet::lb, VectorSet::intersection, VectorSet::double_lb}) {
    const VectorRange range = vector_range(which);
    const GibbsResult part = run_set(which);
    auto slice = [&](const std::vector<float>& v, int64_t per_chain) {
      return std::vector<float>(v.begin() + range.first * C * per_chain,
                                v.begin() + (range.first + range.count) * C * per_chain);
    };
    EXPECT_EQ(part.visible, slice(all.visible, steps * nv)) << vector_set_name(which);
    EXPECT_EQ(part.hidden, slice(all.hidden, steps * nh)) << vector_set_name(which);
    EXPECT_EQ(part.activity, slice(all.activity, steps)) << vector_set_name(which);
  }
  // The chains really differ between sets and replicas (the comparison above is not vacuous).
  EXPECT_NE(std::vector<float>(all.hidden.begin() + steps * nh, all.hidden.begin() + 2 * steps * nh),
            std::vector<float>(all.hidden.begin(), all.hidden.begin() + steps * nh));
}

}  // namespace
}  // namespace rbmdyn
