#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "host/core/math.hpp"

namespace rbmdyn {
namespace {

// exp_f32 against libm in double precision: relative error within 2 ulp (2^-22) over the full range.
TEST(ExpF32, WithinTwoUlpOfExactOverTheRange) {
  double worst = 0;
  for (float x = -87.0f; x <= 88.5f; x += 0.00731f) {
    const double exact = std::exp(static_cast<double>(x));
    const double rel = std::abs(static_cast<double>(exp_f32(x)) - exact) / exact;
    worst = std::max(worst, rel);
  }
  EXPECT_LT(worst, 2.0 * std::ldexp(1.0, -23)) << "worst relative error " << worst;
  EXPECT_EQ(exp_f32(0.0f), 1.0f);
}

TEST(ExpF32, OverflowsToInfinityAndFlushesToZero) {
  EXPECT_EQ(exp_f32(1000.0f), std::numeric_limits<float>::infinity());
  EXPECT_EQ(exp_f32(-1000.0f), 0.0f);  // never a denormal: they slow later GEMMs
  EXPECT_TRUE(std::isnan(exp_f32(std::numeric_limits<float>::quiet_NaN())));
}

TEST(Sigmoid, MatchesDefinitionAndLimits) {
  for (float x = -30.0f; x <= 30.0f; x += 0.37f)
    EXPECT_NEAR(sigmoid(x), 1.0 / (1.0 + std::exp(-static_cast<double>(x))), 2e-7) << x;
  EXPECT_EQ(sigmoid(0.0f), 0.5f);
  EXPECT_EQ(sigmoid(200.0f), 1.0f);
  EXPECT_EQ(sigmoid(-200.0f), 0.0f);
}

}  // namespace
}  // namespace rbmdyn
