#pragma once
// The uniforms of one row of the shared random stream (host/core/random.hpp), generated a row at a time
// so that the CPU loops consuming them vectorise: Philox4x32-10 is written here on plain 32-bit lanes
// (no structs or arrays inside the loop), which GCC turns into AVX2/AVX-512 code, about 10× faster than
// one call per quad. Gives exactly the numbers a kernel gets from rng.bits(a, b, j) (pinned by
// tests/core/random_block_test.cpp).
#include <cstdint>

#include "host/core/random.hpp"

namespace rbmdyn {

// out[j] = uniform_from_bits(rng.bits4(a, b, j / 4, c).x[j % 4]) for j < 4·quads. `out` holds 4·quads floats.
inline void fill_uniform_row(const RandomStream& rng, uint32_t a, uint32_t b, int64_t quads, float* out,
                             uint32_t c = 0) {
  const PhiloxKey key = rng.key();
  const uint32_t purpose = rng.word3(c);
  const uint32_t k0 = key.k[0];
  const uint32_t k1 = key.k[1];
#pragma omp simd
  for (int64_t q = 0; q < quads; ++q) {
    uint32_t c0 = static_cast<uint32_t>(q), c1 = a, c2 = b, c3 = purpose;
    uint32_t key0 = k0, key1 = k1;
    for (int r = 0; r < 10; ++r) {
      const uint64_t p0 = static_cast<uint64_t>(philox_detail::kMul0) * c0;
      const uint64_t p1 = static_cast<uint64_t>(philox_detail::kMul1) * c2;
      const auto hi0 = static_cast<uint32_t>(p0 >> 32), lo0 = static_cast<uint32_t>(p0);
      const auto hi1 = static_cast<uint32_t>(p1 >> 32), lo1 = static_cast<uint32_t>(p1);
      c0 = hi1 ^ c1 ^ key0;
      c1 = lo1;
      c2 = hi0 ^ c3 ^ key1;
      c3 = lo0;
      key0 += philox_detail::kWeyl0;
      key1 += philox_detail::kWeyl1;
    }
    out[4 * q + 0] = uniform_from_bits(c0);
    out[4 * q + 1] = uniform_from_bits(c1);
    out[4 * q + 2] = uniform_from_bits(c2);
    out[4 * q + 3] = uniform_from_bits(c3);
  }
}

}  // namespace rbmdyn
