#include "host/data/nondigits.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "host/core/error.hpp"

namespace rbmdyn {
namespace {

constexpr uint32_t draw(NondigitDraw kind) { return static_cast<uint32_t>(kind); }

// The active (> 0) 8-neighbours of pixel p that lie in bounds, in scan order dr = −1..1, dc = −1..1.
void append_active_neighbours(const uint8_t* img, int p, std::vector<int>& out) {
  const int r = p / kMnistSide;
  const int c = p % kMnistSide;
  for (int dr = -1; dr <= 1; ++dr)
    for (int dc = -1; dc <= 1; ++dc) {
      if (dr == 0 && dc == 0) continue;
      const int rr = r + dr;
      const int cc = c + dc;
      if (rr < 0 || rr >= kMnistSide || cc < 0 || cc >= kMnistSide) continue;
      const int q = rr * kMnistSide + cc;
      if (img[q] > 0) out.push_back(q);
    }
}

void remove_first(std::vector<int>& list, int value) {
  auto it = std::find(list.begin(), list.end(), value);
  if (it != list.end()) list.erase(it);
}

}  // namespace

std::vector<int32_t> random_permutation(int64_t n, const RandomStream& rng, uint32_t a, uint32_t b) {
  std::vector<int32_t> perm(static_cast<std::size_t>(n));
  for (int64_t i = 0; i < n; ++i) perm[static_cast<std::size_t>(i)] = static_cast<int32_t>(i);
  for (int64_t i = n - 1; i > 0; --i) {
    const uint32_t j = uniform_below(rng.bits(a, b, static_cast<uint32_t>(i)), static_cast<uint32_t>(i + 1));
    std::swap(perm[static_cast<std::size_t>(i)], perm[j]);
  }
  return perm;
}

std::vector<uint8_t> nondigit_types(int64_t count, uint64_t seed) {
  const RandomStream rng{seed, RngPurpose::nondigit};
  const std::vector<int32_t> perm = random_permutation(count, rng, 0xFFFFFFFFu, draw(NondigitDraw::type_permutation));
  std::vector<uint8_t> types(static_cast<std::size_t>(count));
  for (int64_t i = 0; i < count; ++i) types[static_cast<std::size_t>(i)] = static_cast<uint8_t>(perm[static_cast<std::size_t>(i)] % 11);
  return types;
}

void scramble_digit(const uint8_t* src, uint8_t* dst, const RandomStream& rng, uint32_t example) {
  const std::vector<int32_t> perm = random_permutation(kMnistPixels, rng, example, draw(NondigitDraw::scramble));
  for (int k = 0; k < kMnistPixels; ++k) dst[k] = src[perm[static_cast<std::size_t>(k)]];
}

int mask_digit(const uint8_t* src, uint8_t* dst, const RandomStream& rng, uint32_t example) {
  std::copy_n(src, kMnistPixels, dst);
  std::vector<int> active;
  for (int p = 0; p < kMnistPixels; ++p)
    if (src[p] > 0) active.push_back(p);
  if (active.empty()) return 0;
  uint8_t* img = dst;
  const int seed = active[uniform_below(rng.bits(example, draw(NondigitDraw::seed_pixel), 0),
                                        static_cast<uint32_t>(active.size()))];
  std::vector<int> frontier, occluded{seed}, pending;
  append_active_neighbours(img, seed, frontier);
  const int rounds = 10 + static_cast<int>(uniform_below(rng.bits(example, draw(NondigitDraw::rounds), 0), 11));
  uint32_t pick = 0;
  auto occlude_all = [&]() {
    for (int q : occluded) img[q] = 0;
  };
  for (int round = 0; round < rounds; ++round) {
    const std::size_t n = frontier.size() / 3;
    for (std::size_t k = 0; k < n; ++k) {
      const int e = frontier[uniform_below(rng.bits(example, draw(NondigitDraw::frontier), pick++),
                                           static_cast<uint32_t>(frontier.size()))];
      remove_first(frontier, e);
      occluded.push_back(e);
      pending.push_back(e);
    }
    // Python's "for p in pending: ...; pending.remove(p)": the list shrinks under the iterator, so
    // roughly every other pending pixel waits for the next round.
    for (std::size_t i = 0; i < pending.size(); ++i) {
      const int p = pending[i];
      occlude_all();
      append_active_neighbours(img, p, frontier);
      remove_first(pending, p);
    }
  }
  occlude_all();
  std::sort(occluded.begin(), occluded.end());
  return static_cast<int>(std::unique(occluded.begin(), occluded.end()) - occluded.begin());
}

NondigitSet synthesize_nondigits(const MnistSplit& train, int64_t count, uint64_t seed) {
  if (count < 0) fail_input("non-digit count must be ≥ 0, got " + std::to_string(count));
  RBMDYN_CHECK(train.pixels.size() == static_cast<std::size_t>(train.count()) * kMnistPixels,
               "MNIST split pixels and labels disagree");
  std::array<std::vector<int32_t>, kNumDigits> by_class;
  for (int64_t i = 0; i < train.count(); ++i) by_class[train.labels[static_cast<std::size_t>(i)]].push_back(static_cast<int32_t>(i));
  NondigitSet set;
  set.types = nondigit_types(count, seed);
  for (int64_t i = 0; i < count; ++i) {
    const uint8_t type = set.types[static_cast<std::size_t>(i)];
    if (type != kScrambledType && by_class[type].empty())
      fail_input("cannot make masked-digit non-digits of class " + std::to_string(type) +
                 ": the training images contain no digit of that class");
    if (type == kScrambledType && train.count() == 0) fail_input("cannot make non-digits from an empty training set");
  }
  set.pixels.resize(static_cast<std::size_t>(count) * kMnistPixels);
  set.sources.resize(static_cast<std::size_t>(count));
  const RandomStream rng{seed, RngPurpose::nondigit};
#pragma omp parallel for schedule(dynamic, 64)
  for (int64_t i = 0; i < count; ++i) {
    const auto example = static_cast<uint32_t>(i);
    const uint8_t type = set.types[static_cast<std::size_t>(i)];
    const uint32_t u = rng.bits(example, draw(NondigitDraw::source), 0);
    int32_t source = 0;
    if (type == kScrambledType) {
      source = static_cast<int32_t>(uniform_below(u, static_cast<uint32_t>(train.count())));
    } else {
      const auto& pool = by_class[type];
      source = pool[uniform_below(u, static_cast<uint32_t>(pool.size()))];
    }
    set.sources[static_cast<std::size_t>(i)] = source;
    const uint8_t* src = train.pixels.data() + static_cast<std::size_t>(source) * kMnistPixels;
    uint8_t* dst = set.pixels.data() + static_cast<std::size_t>(i) * kMnistPixels;
    if (type == kScrambledType)
      scramble_digit(src, dst, rng, example);
    else
      mask_digit(src, dst, rng, example);
  }
  return set;
}

}  // namespace rbmdyn
