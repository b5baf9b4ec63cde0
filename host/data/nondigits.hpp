#pragma once
// Synthetic non-digits, the 11th class of the digit classifier (method.md §6.2, §10 rows 19–21).
//
// count examples; example i has type[i] ∈ 0..10, where type[] is (i mod 11) for i < count, permuted,
// so the 11 types are equally frequent (5400 each for the study's 59400):
//   type 10  scrambled digit: a training image chosen uniformly from all 60000, its 784 pixels put
//            through a uniform random permutation;
//   type d   masked digit: a training image of class d chosen uniformly (from all 60000), with a
//            connected region of active (> 0) pixels set to 0 by the region growing of §6.2, whose
//            list semantics (duplicates in the frontier, "remove the first equal element", the
//            remove-while-iterating pass over `pending`) are reproduced literally.
// Sources are drawn from all 60000 training images, as the study did (§10 row 21: this includes the
// 6000 validation digits, a harmless leak since the labels differ).
//
// Images stay uint8 (0..255), as in the study; the scale (÷255 or not, flag nondigit_scale_255) and the
// float bilinear 28→32 resize are applied when the classifier reads them (host/classifier/dataset.hpp).
//
// Random numbers: RandomStream{seed, RngPurpose::nondigit}, a = example index (a = 0xFFFFFFFF for the
// type permutation), b = the draw kind below, element = draw number within that kind. So an example
// depends only on (seed, its index, the count), never on thread count or on other examples.
#include <cstdint>
#include <vector>

#include "host/core/random.hpp"
#include "host/data/mnist.hpp"

namespace rbmdyn {

inline constexpr uint8_t kScrambledType = kNumDigits;  // types 0..9 are masked digits of that class

enum class NondigitDraw : uint32_t {
  type_permutation = 0,  // a = 0xFFFFFFFF, element = Fisher–Yates position
  source = 1,            // element 0: the source image
  scramble = 2,          // element = Fisher–Yates position of the pixel permutation
  seed_pixel = 3,        // element 0: the seed among the active pixels
  rounds = 4,            // element 0: R ∈ 10..20
  frontier = 5,          // element = running number of frontier picks
};

struct NondigitSet {
  std::vector<uint8_t> pixels;   // [count, 784], uint8 0..255
  std::vector<uint8_t> types;    // [count]: 0..9 masked digit of that class, 10 scrambled
  std::vector<int32_t> sources;  // [count]: index of the training image it was made from
  int64_t count() const { return static_cast<int64_t>(types.size()); }
};

// Builds `count` non-digits from `train` (the 60000 MNIST training images). InputError when train has
// no image of some class needed.
NondigitSet synthesize_nondigits(const MnistSplit& train, int64_t count, uint64_t seed);

// The type list: (i mod 11) permuted by Fisher–Yates.
std::vector<uint8_t> nondigit_types(int64_t count, uint64_t seed);

// One scrambled digit: dst[k] = src[perm[k]] with a uniform permutation drawn for `example`.
void scramble_digit(const uint8_t* src, uint8_t* dst, const RandomStream& rng, uint32_t example);

// One masked digit (region growing of §6.2). A source without active pixels is copied unchanged.
// Returns the number of distinct pixels occluded.
int mask_digit(const uint8_t* src, uint8_t* dst, const RandomStream& rng, uint32_t example);

// A uniform permutation of 0..n-1 (Fisher–Yates from the top, j = uniform_below(bits(a, b, i), i + 1)).
std::vector<int32_t> random_permutation(int64_t n, const RandomStream& rng, uint32_t a, uint32_t b);

}  // namespace rbmdyn
