// Non-digit synthesis (docs/method.md §6.2): type counts, scrambled = permutation of its source, masked =
// source with a connected set of active pixels zeroed, determinism.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <array>
#include <queue>
#include <vector>

#include "host/data/nondigits.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

// 40 blob "digits": image i has label i % 10 and a filled disc whose centre and radius vary.
MnistSplit blob_digits() {
  MnistSplit s;
  const int n = 40;
  s.pixels.assign(static_cast<std::size_t>(n) * 784, 0);
  for (int i = 0; i < n; ++i) {
    s.labels.push_back(static_cast<uint8_t>(i % 10));
    const int cy = 10 + i % 7, cx = 9 + (i * 3) % 9, r = 3 + i % 5;
    for (int y = 0; y < 28; ++y)
      for (int x = 0; x < 28; ++x)
        if ((y - cy) * (y - cy) + (x - cx) * (x - cx) <= r * r)
          s.pixels[static_cast<std::size_t>(i * 784 + y * 28 + x)] = static_cast<uint8_t>(40 + (x * 7 + y) % 200);
  }
  return s;
}

// True when the listed pixels form one 8-connected component.
bool connected(const std::vector<int>& pixels) {
  if (pixels.empty()) return false;
  std::vector<char> in(784, 0), seen(784, 0);
  for (int p : pixels) in[static_cast<std::size_t>(p)] = 1;
  std::queue<int> q;
  q.push(pixels[0]);
  seen[static_cast<std::size_t>(pixels[0])] = 1;
  std::size_t reached = 0;
  while (!q.empty()) {
    const int p = q.front();
    q.pop();
    ++reached;
    for (int dr = -1; dr <= 1; ++dr)
      for (int dc = -1; dc <= 1; ++dc) {
        const int r = p / 28 + dr, c = p % 28 + dc;
        if (r < 0 || r >= 28 || c < 0 || c >= 28) continue;
        const int nq = r * 28 + c;
        if (in[static_cast<std::size_t>(nq)] && !seen[static_cast<std::size_t>(nq)]) {
          seen[static_cast<std::size_t>(nq)] = 1;
          q.push(nq);
        }
      }
  }
  return reached == pixels.size();
}

void check_invariants(const MnistSplit& train, const NondigitSet& set, int64_t per_type) {
  std::array<int64_t, 11> counts{};
  for (uint8_t t : set.types) ++counts[t];
  for (int t = 0; t < 11; ++t) EXPECT_EQ(counts[static_cast<std::size_t>(t)], per_type) << "type " << t;
  int64_t masked_total = 0, masked_pixels = 0;
  for (int64_t i = 0; i < set.count(); ++i) {
    const uint8_t type = set.types[static_cast<std::size_t>(i)];
    const int32_t s = set.sources[static_cast<std::size_t>(i)];
    ASSERT_GE(s, 0);
    ASSERT_LT(s, train.count());
    const uint8_t* src = train.pixels.data() + static_cast<std::size_t>(s) * 784;
    const uint8_t* img = set.pixels.data() + static_cast<std::size_t>(i) * 784;
    if (type == kScrambledType) {
      std::vector<uint8_t> a(src, src + 784), b(img, img + 784);
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      EXPECT_EQ(a, b) << "scrambled example " << i << " is not a permutation of image " << s;
      EXPECT_FALSE(std::equal(src, src + 784, img)) << "example " << i << " was not scrambled";
    } else {
      EXPECT_EQ(train.labels[static_cast<std::size_t>(s)], type) << "masked example " << i << " from the wrong class";
      std::vector<int> zeroed;
      for (int p = 0; p < 784; ++p) {
        if (img[p] == src[p]) continue;
        ASSERT_EQ(img[p], 0) << "example " << i << " pixel " << p << " changed to a non-zero value";
        ASSERT_GT(src[p], 0);
        zeroed.push_back(p);
      }
      EXPECT_FALSE(zeroed.empty()) << "example " << i << ": nothing occluded";
      EXPECT_TRUE(connected(zeroed)) << "example " << i << ": occluded pixels are not 8-connected";
      ++masked_total;
      masked_pixels += static_cast<int64_t>(zeroed.size());
    }
  }
  // Region growing over 10–20 rounds occludes a sizeable region on average, not just the seed.
  if (masked_total > 0) {
    EXPECT_GT(static_cast<double>(masked_pixels) / static_cast<double>(masked_total), 5.0);
  }
}

TEST(ClassifierNondigits, TypeListIsBalancedPermutation) {
  const std::vector<uint8_t> t = nondigit_types(1100, 7);
  std::array<int, 11> counts{};
  for (uint8_t v : t) ++counts[v];
  for (int c : counts) EXPECT_EQ(c, 100);
  std::vector<uint8_t> plain(1100);
  for (int i = 0; i < 1100; ++i) plain[static_cast<std::size_t>(i)] = static_cast<uint8_t>(i % 11);
  EXPECT_NE(t, plain);  // permuted
}

TEST(ClassifierNondigits, InvariantsOnBlobDigits) {
  const MnistSplit train = blob_digits();
  const NondigitSet set = synthesize_nondigits(train, 11 * 30, 3);
  check_invariants(train, set, 30);
}

TEST(ClassifierNondigits, DeterministicAndThreadIndependent) {
  const MnistSplit train = blob_digits();
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const NondigitSet one = synthesize_nondigits(train, 220, 5);
  omp_set_num_threads(std::max(2, threads));
  const NondigitSet many = synthesize_nondigits(train, 220, 5);
  omp_set_num_threads(threads);
  EXPECT_EQ(one.pixels, many.pixels);
  EXPECT_EQ(one.sources, many.sources);
  const NondigitSet other = synthesize_nondigits(train, 220, 6);
  EXPECT_NE(one.pixels, other.pixels);
}

TEST(ClassifierNondigits, GrowthStopsWhenFrontierTooSmall) {
  // Two active pixels: the seed's frontier has one entry, ⌊1/3⌋ = 0 picks, so only the seed goes.
  std::vector<uint8_t> src(784, 0), dst(784);
  src[5 * 28 + 5] = 200;
  src[5 * 28 + 6] = 100;
  const RandomStream rng{1, RngPurpose::nondigit};
  for (uint32_t ex = 0; ex < 20; ++ex) {
    EXPECT_EQ(mask_digit(src.data(), dst.data(), rng, ex), 1);
    EXPECT_EQ(std::count(dst.begin(), dst.end(), 0), 783);
  }
  // No active pixel at all: copied unchanged.
  std::vector<uint8_t> empty(784, 0);
  EXPECT_EQ(mask_digit(empty.data(), dst.data(), rng, 0), 0);
}

TEST(ClassifierNondigits, InvariantsOnMnist) {
  RBMDYN_REQUIRE_MNIST(dir);
  const MnistSet train = load_mnist(dir, "train");
  const NondigitSet set = synthesize_nondigits(train.split, 11 * 200, 11);
  check_invariants(train.split, set, 200);
}

}  // namespace
}  // namespace rbmdyn
