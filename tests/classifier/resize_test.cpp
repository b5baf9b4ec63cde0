// The 28→32 resizes of docs/method.md §6.2/§6.4 against values worked out by hand from the published
// formulas (Pillow Resample.c; PyTorch upsample_bilinear2d / upsample_bicubic2d, align_corners=False).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "host/data/resize.hpp"

namespace rbmdyn {
namespace {

// Keys' cubic kernel, written independently of the code under test: W(d) for A = −0.75.
double keys(double d) {
  const double a = -0.75;
  d = std::fabs(d);
  if (d <= 1) return (a + 2) * d * d * d - (a + 3) * d * d + 1;
  if (d < 2) return a * d * d * d - 5 * a * d * d + 8 * a * d - 4 * a;
  return 0;
}

TEST(ClassifierResize, PilTableAtBordersAndCentre) {
  const PilBilinearTable t = pil_bilinear_table();
  const int32_t one = 1 << 22;
  // x_out = 0: centre 0.4375, window [int(-0.0625) = 0, int(1.9375) = 1): one tap, weight 1.
  EXPECT_EQ(t.first[0], 0);
  EXPECT_EQ(t.count[0], 1);
  EXPECT_EQ(t.weight[0][0], one);
  // x_out = 1: centre 1.3125, taps 0 and 1 with triangle weights 0.1875 and 0.8125 (exact in 2^-22).
  EXPECT_EQ(t.first[1], 0);
  EXPECT_EQ(t.count[1], 2);
  EXPECT_EQ(t.weight[1][0], 786432);
  EXPECT_EQ(t.weight[1][1], 3407872);
  // x_out = 16: centre 14.4375, taps 13 and 14 with weights 0.0625 and 0.9375.
  EXPECT_EQ(t.first[16], 13);
  EXPECT_EQ(t.count[16], 2);
  EXPECT_EQ(t.weight[16][0], 262144);
  EXPECT_EQ(t.weight[16][1], 3932160);
  // x_out = 31: centre 27.5625, window [27, min(29, 28)): the last pixel alone.
  EXPECT_EQ(t.first[31], 27);
  EXPECT_EQ(t.count[31], 1);
  EXPECT_EQ(t.weight[31][0], one);
}

TEST(ClassifierResize, PilBilinearVerticalLine) {
  // A vertical line of 255 at column 1. Horizontal pass: column 1 = (2^21 + 255·3407872) >> 22 = 207,
  // column 2 = (2^21 + 255·1310720) >> 22 = 80 (taps 1, 2 with weights 0.3125, 0.6875), column 0 = 0.
  // The vertical pass of a constant column keeps the value (weights sum to 2^22).
  std::vector<uint8_t> in(784, 0), out(1024, 1);
  for (int y = 0; y < 28; ++y) in[static_cast<std::size_t>(y * 28 + 1)] = 255;
  resize_pil_bilinear(in.data(), 1, out.data());
  for (int y = 0; y < 32; ++y) {
    EXPECT_EQ(out[static_cast<std::size_t>(y * 32 + 0)], 0) << "y=" << y;
    EXPECT_EQ(out[static_cast<std::size_t>(y * 32 + 1)], 207) << "y=" << y;
    EXPECT_EQ(out[static_cast<std::size_t>(y * 32 + 2)], 80) << "y=" << y;
    EXPECT_EQ(out[static_cast<std::size_t>(y * 32 + 3)], 0) << "y=" << y;  // centre 3.0625: taps 2, 3
  }
}

TEST(ClassifierResize, PilBilinearRoundsEachPass) {
  // One pixel of 100 at (1, 1). Horizontal pass, row 1: column 1 = round(0.8125·100) = 81 (81.25),
  // column 2 = round(0.3125·100) = 31 (31.25). Vertical pass reads those uint8 values:
  // (1, 1) = round(0.8125·81) = 66 (65.81), (2, 2) = round(0.3125·31) = 10 (9.69), (0, 0) = 0.
  std::vector<uint8_t> in(784, 0), out(1024);
  in[28 + 1] = 100;
  resize_pil_bilinear(in.data(), 1, out.data());
  EXPECT_EQ(out[32 + 1], 66);
  EXPECT_EQ(out[2 * 32 + 2], 10);
  EXPECT_EQ(out[0], 0);
  std::vector<float> unit(1024);
  resize_pil_bilinear_unit(in.data(), 1, unit.data());
  EXPECT_EQ(unit[32 + 1], 66.0f / 255.0f);
}

TEST(ClassifierResize, TorchBilinearBordersAndCentre) {
  std::vector<float> in(784), out(1024);
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) in[static_cast<std::size_t>(y * 28 + x)] = static_cast<float>(x + 100 * y);
  resize_torch_bilinear(in.data(), 1, out.data());
  // Source x = max((x + 0.5)·0.875 − 0.5, 0): 0 → 0 (clamped from −0.0625), 16 → 13.9375, 31 → 27.0625
  // with x1 clamped to 27, so the value is pixel 27. The image is linear, so out = sx + 100·sy.
  EXPECT_FLOAT_EQ(out[0], 0.0f);
  EXPECT_FLOAT_EQ(out[16], 13.9375f);
  EXPECT_FLOAT_EQ(out[31], 27.0f);
  EXPECT_FLOAT_EQ(out[16 * 32 + 16], 13.9375f + 1393.75f);
  EXPECT_FLOAT_EQ(out[31 * 32 + 31], 27.0f + 2700.0f);
}

TEST(ClassifierResize, BicubicMatchesKeysKernelAtBordersAndCentre) {
  std::vector<float> in(784), out(1024);
  for (int i = 0; i < 784; ++i) in[static_cast<std::size_t>(i)] = static_cast<float>((i * 37) % 101) / 100.0f;
  resize_torch_bicubic(in.data(), 1, out.data());
  auto expected = [&](int y, int x) {
    const double sy = (y + 0.5) * 28.0 / 32.0 - 0.5;
    const double sx = (x + 0.5) * 28.0 / 32.0 - 0.5;
    const int y0 = static_cast<int>(std::floor(sy));
    const int x0 = static_cast<int>(std::floor(sx));
    double v = 0;
    for (int j = y0 - 1; j <= y0 + 2; ++j)
      for (int i = x0 - 1; i <= x0 + 2; ++i) {
        const int jj = std::min(std::max(j, 0), 27);
        const int ii = std::min(std::max(i, 0), 27);
        v += keys(sy - j) * keys(sx - i) * in[static_cast<std::size_t>(jj * 28 + ii)];
      }
    return v;
  };
  for (int y : {0, 1, 15, 16, 30, 31})
    for (int x : {0, 1, 15, 16, 30, 31})
      EXPECT_NEAR(out[static_cast<std::size_t>(y * 32 + x)], expected(y, x), 2e-6) << y << "," << x;
}

TEST(ClassifierResize, BicubicIsUnclampedAndKeepsConstants) {
  std::vector<float> flat(784, 0.5f), out(1024);
  resize_torch_bicubic(flat.data(), 1, out.data());
  for (float v : out) EXPECT_NEAR(v, 0.5f, 1e-6f);
  // A hard edge (columns ≥ 14 are 1) overshoots above 1 and below 0 next to it (no clamping).
  std::vector<float> edge(784, 0.0f);
  for (int y = 0; y < 28; ++y)
    for (int x = 14; x < 28; ++x) edge[static_cast<std::size_t>(y * 28 + x)] = 1.0f;
  resize_torch_bicubic(edge.data(), 1, out.data());
  float lo = 1, hi = 0;
  for (float v : out) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  EXPECT_LT(lo, -0.01f);
  EXPECT_GT(hi, 1.01f);
}

}  // namespace
}  // namespace rbmdyn
