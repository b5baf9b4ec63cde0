#pragma once
// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011), the
// counter-based generator of Random123 and cuRAND. A draw is a pure function of (key, counter): there
// is no state to carry, so the CPU and the GPU produce the same numbers for the same (seed, place) and a
// run can be resumed or split across devices exactly. Pinned by the Random123 known-answer vectors in
// tests/core/philox_test.cpp.
#include <cstdint>

#include "host/core/hd.hpp"

namespace rbmdyn {

struct PhiloxCounter {
  uint32_t x[4];
};
struct PhiloxKey {
  uint32_t k[2];
};

namespace philox_detail {
inline constexpr uint32_t kMul0 = 0xD2511F53u;
inline constexpr uint32_t kMul1 = 0xCD9E8D57u;
inline constexpr uint32_t kWeyl0 = 0x9E3779B9u;  // golden ratio
inline constexpr uint32_t kWeyl1 = 0xBB67AE85u;  // sqrt(3) - 1

RBMDYN_HD uint32_t mulhilo(uint32_t a, uint32_t b, uint32_t* hi) {
#if defined(__CUDA_ARCH__)
  *hi = __umulhi(a, b);
  return a * b;
#else
  const uint64_t product = static_cast<uint64_t>(a) * b;
  *hi = static_cast<uint32_t>(product >> 32);
  return static_cast<uint32_t>(product);
#endif
}

RBMDYN_HD PhiloxCounter round(PhiloxCounter c, PhiloxKey key) {
  uint32_t hi0 = 0;
  uint32_t hi1 = 0;
  const uint32_t lo0 = mulhilo(kMul0, c.x[0], &hi0);
  const uint32_t lo1 = mulhilo(kMul1, c.x[2], &hi1);
  return PhiloxCounter{{hi1 ^ c.x[1] ^ key.k[0], lo1, hi0 ^ c.x[3] ^ key.k[1], lo0}};
}
}  // namespace philox_detail

// Ten rounds of Philox4x32 on `counter` under `key`.
RBMDYN_HD PhiloxCounter philox4x32_10(PhiloxCounter counter, PhiloxKey key) {
  for (int r = 0; r < 10; ++r) {
    if (r > 0) {
      key.k[0] += philox_detail::kWeyl0;
      key.k[1] += philox_detail::kWeyl1;
    }
    counter = philox_detail::round(counter, key);
  }
  return counter;
}

}  // namespace rbmdyn
