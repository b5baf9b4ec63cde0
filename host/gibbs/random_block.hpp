#pragma once
// The uniforms of one row of the shared random stream (host/core/random.hpp), generated a row at a time
// so the CPU loops that consume them vectorise: Philox in one SIMD loop over quads, then the element-wise
// pass reads u[j] for unit j. Gives exactly the numbers a kernel gets from rng.bits(a, b, j).
#include <cstdint>

#include "host/core/random.hpp"

namespace rbmdyn {

// out[j] = uniform_from_bits(rng.bits(a, b, j)) for j < 4·quads. `out` holds 4·quads floats.
inline void fill_uniform_row(const RandomStream& rng, uint32_t a, uint32_t b, int64_t quads, float* out) {
  const PhiloxKey key = rng.key();
  const auto purpose = static_cast<uint32_t>(rng.purpose);
#pragma omp simd
  for (int64_t q = 0; q < quads; ++q) {
    const PhiloxCounter c = philox4x32_10(PhiloxCounter{{static_cast<uint32_t>(q), a, b, purpose}}, key);
    out[4 * q + 0] = uniform_from_bits(c.x[0]);
    out[4 * q + 1] = uniform_from_bits(c.x[1]);
    out[4 * q + 2] = uniform_from_bits(c.x[2]);
    out[4 * q + 3] = uniform_from_bits(c.x[3]);
  }
}

}  // namespace rbmdyn
