#pragma once
// The one random stream shared by every CPU and GPU operation of rbmdyn.
//
// A draw is addressed by (seed, purpose, a, b, c, element):
//   key     = the 64-bit seed split into two words,
//   counter = {element / 4, a, b, purpose | c << 8}; the four 32-bit outputs serve elements 4q .. 4q+3.
// c is an optional third coordinate (< 2^24, 0 for uses with two), e.g. the chain within its biasing
// vector for Gibbs chains, so that (vector, chain, step) address a row: adding chains to a vector never
// changes the numbers of the chains it already had.
// `purpose` separates the uses (RBM init, CD-1 hidden sampling, readout, Gibbs chains, dropout ...), and
// (a, b) are the use's natural coordinates, e.g. (sample index, epoch) for CD-1 or (chain, step) for
// Gibbs chains. So a number depends on where it is used, never on batch size, launch shape, device or
// the order in which work is done.
#include <cmath>
#include <cstdint>

#include "host/core/hd.hpp"
#include "host/core/philox.hpp"

namespace rbmdyn {

// The largest third coordinate c + 1 (24 bits above the 8-bit purpose).
constexpr uint32_t kMaxStreamLanes = uint32_t{1} << 24;

// Stable numeric values (< 256): they are part of the file format of every seeded result, never renumber.
enum class RngPurpose : uint32_t {
  rbm_init = 1,            // a = 0, b = 0, element = flat index into W
  cd1_hidden = 2,          // a = sample index in the training set, b = epoch, element = hidden unit
  cd1_shuffle = 3,         // a = epoch, b = 0, element = position (optional batch shuffling)
  readout_hidden = 4,      // a = image index, b = 0, element = hidden unit
  gibbs_hidden = 5,        // a = vector, b = step, c = chain within the vector, element = hidden unit
  gibbs_visible = 6,       // a = vector, b = step, c = chain within the vector, element = visible unit
  classifier_init = 7,     // a = parameter tensor index, b = 0, element = flat index
  classifier_split = 8,    // a = 0, b = 0, element = position (train/validation split)
  classifier_shuffle = 9,  // a = epoch, b = 0, element = position
  classifier_dropout = 10, // a = sample in batch, b = iteration * 8 + layer, element = unit
  nondigit = 11,           // a = non-digit example index, b = draw kind, element = draw number
  cd1_visible = 12,        // a = sample index, b = cd1_stream_b(epoch, layer), element = visible unit (sampled V1)
  dbn_batch_order = 13,    // a = epoch, b = layer (0-based), element = position (deep models' batch order)
  dbn_gibbs = 14,          // a = vector, b = step·16 + slot, c = chain, element = unit (deep generation)
};

// The b coordinate of CD-1 draws: the epoch, offset by 65536 per layer of a stack, so the RBMs of a deep
// model draw independent numbers while a single RBM (layer 0) keeps b = epoch.
RBMDYN_HD uint32_t cd1_stream_b(int epoch, uint32_t layer) {
  return static_cast<uint32_t>(epoch) + (layer << 16);
}

struct RandomStream {
  uint64_t seed = 0;
  RngPurpose purpose = RngPurpose::rbm_init;

  RBMDYN_HD PhiloxKey key() const {
    return PhiloxKey{{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)}};
  }
  // The fourth counter word: the purpose in the low 8 bits, the third coordinate c above it.
  RBMDYN_HD uint32_t word3(uint32_t c) const { return static_cast<uint32_t>(purpose) | (c << 8); }
  // The four raw 32-bit words serving elements 4*quad .. 4*quad+3 at coordinates (a, b, c).
  RBMDYN_HD PhiloxCounter bits4(uint32_t a, uint32_t b, uint32_t quad, uint32_t c = 0) const {
    return philox4x32_10(PhiloxCounter{{quad, a, b, word3(c)}}, key());
  }
  RBMDYN_HD uint32_t bits(uint32_t a, uint32_t b, uint32_t element, uint32_t c = 0) const {
    return bits4(a, b, element >> 2, c).x[element & 3u];
  }
};

// Uniform in [0, 1) with 24 random bits: exactly representable in float, identical on CPU and GPU.
RBMDYN_HD float uniform_from_bits(uint32_t bits) {
  return static_cast<float>(bits >> 8) * 5.9604644775390625e-8f;  // 2^-24
}

// Bernoulli(p) from a uniform u: 1 when u < p, as docs/method.md defines Bern(p).
RBMDYN_HD float bernoulli(float p, float u) { return u < p ? 1.0f : 0.0f; }

// A uniform integer in [0, n) from 32 random bits (Lemire's multiply-shift; bias < n / 2^32).
RBMDYN_HD uint32_t uniform_below(uint32_t bits, uint32_t n) {
  return static_cast<uint32_t>((static_cast<uint64_t>(bits) * n) >> 32);
}

// Standard normal number `element` of the stream at (a, b), by Box-Muller on the pair of words
// (2m, 2m+1) with m = element / 2; element 2m takes the cosine branch, 2m+1 the sine branch.
// Double precision internally so that host results are reproducible to the last bit of the float.
inline float standard_normal(const RandomStream& rs, uint32_t a, uint32_t b, uint32_t element) {
  const PhiloxCounter w = rs.bits4(a, b, element >> 2);
  const uint32_t pair = (element >> 1) & 1u;
  const double u1 = (static_cast<double>(w.x[2 * pair]) + 1.0) * 0x1p-32;  // (0, 1]
  const double u2 = static_cast<double>(w.x[2 * pair + 1]) * 0x1p-32;      // [0, 1)
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double theta = 6.283185307179586 * u2;
  return static_cast<float>((element & 1u) ? r * std::sin(theta) : r * std::cos(theta));
}

}  // namespace rbmdyn
