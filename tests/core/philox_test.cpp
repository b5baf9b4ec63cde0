// Philox4x32-10 against the Random123 known-answer vectors (tests/kat_vectors in
// github.com/DEShawResearch/random123): counter, key -> expected output.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "host/core/philox.hpp"
#include "host/core/random.hpp"

namespace rbmdyn {
namespace {

struct Kat {
  PhiloxCounter counter;
  PhiloxKey key;
  uint32_t expected[4];
};

TEST(Philox, MatchesRandom123KnownAnswers) {
  const Kat kats[] = {
      {{{0, 0, 0, 0}}, {{0, 0}}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
      {{{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}}, {{0xffffffff, 0xffffffff}},
       {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
      {{{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}}, {{0xa4093822, 0x299f31d0}},
       {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };
  for (const Kat& k : kats) {
    const PhiloxCounter out = philox4x32_10(k.counter, k.key);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(out.x[i], k.expected[i]) << "word " << i;
  }
}

TEST(RandomStream, ElementAddressingMatchesQuads) {
  const RandomStream rs{0x123456789abcdefULL, RngPurpose::gibbs_hidden};
  for (uint32_t e = 0; e < 64; ++e) EXPECT_EQ(rs.bits(7, 3, e), rs.bits4(7, 3, e / 4).x[e % 4]);
  // The seed's two halves and the purpose all enter the draw.
  const RandomStream other_seed{0x123456789abcdefULL ^ (1ULL << 40), RngPurpose::gibbs_hidden};
  const RandomStream other_purpose{0x123456789abcdefULL, RngPurpose::cd1_hidden};
  EXPECT_NE(rs.bits(7, 3, 0), other_seed.bits(7, 3, 0));
  EXPECT_NE(rs.bits(7, 3, 0), other_purpose.bits(7, 3, 0));
  EXPECT_NE(rs.bits(7, 3, 0), rs.bits(8, 3, 0));
  EXPECT_NE(rs.bits(7, 3, 0), rs.bits(7, 4, 0));
}

TEST(RandomStream, UniformsAreInUnitIntervalWithRightMoments) {
  const RandomStream rs{42, RngPurpose::rbm_init};
  const int n = 200000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const float u = uniform_from_bits(rs.bits(0, 0, static_cast<uint32_t>(i)));
    ASSERT_GE(u, 0.0f);
    ASSERT_LT(u, 1.0f);
    sum += u;
    sum_sq += static_cast<double>(u) * u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.005);                              // sd of mean ≈ 0.00065
  EXPECT_NEAR(sum_sq / n - (sum / n) * (sum / n), 1.0 / 12, 0.002);
  EXPECT_EQ(uniform_from_bits(0xffffffffu), 1.0f - 5.9604644775390625e-8f);
  EXPECT_EQ(uniform_from_bits(0u), 0.0f);
}

TEST(RandomStream, StandardNormalHasUnitMoments) {
  const RandomStream rs{7, RngPurpose::rbm_init};
  const int n = 200000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double z = standard_normal(rs, 0, 0, static_cast<uint32_t>(i));
    sum += z;
    sum_sq += z * z;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);     // sd of mean ≈ 0.0022
  EXPECT_NEAR(sum_sq / n, 1.0, 0.015); // sd ≈ 0.0032
}

TEST(RandomStream, UniformBelowCoversRange) {
  std::set<uint32_t> seen;
  const RandomStream rs{3, RngPurpose::nondigit};
  for (uint32_t i = 0; i < 1000; ++i) {
    const uint32_t v = uniform_below(rs.bits(0, 0, i), 7);
    ASSERT_LT(v, 7u);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 7u);
}

}  // namespace
}  // namespace rbmdyn
