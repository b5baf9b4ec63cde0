#pragma once
// Per-element math shared by the CPU engine and the CUDA kernels.
//
// exp_f32 is a portable single-precision exponential (Cephes' expf: range reduction by ln 2 in two
// parts, degree-5 minimax polynomial, exponent by bit construction), accurate to about 1 ulp on
// [-87, 88]. It is written with explicit fmaf and compiled with contraction off on both sides
// (-ffp-contract=off, nvcc --fmad=false), so CPU and GPU return bit-identical values for identical
// inputs; on the CPU it vectorises (a libm expf call does not), which makes the element-wise part of a
// CD-1 update several times cheaper.
#include <cmath>
#include <cstdint>
#include <cstring>

#include "host/core/hd.hpp"

namespace rbmdyn {

RBMDYN_HD float bits_to_float(uint32_t bits) {
#if defined(__CUDA_ARCH__)
  return __uint_as_float(bits);
#else
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
#endif
}

RBMDYN_HD float exp_f32(float x) {
  // Outside [-87.34, 88.72] the result is not a normal float: return 0 below (no denormals, which
  // slow every later GEMM on x86) and +inf above, as expf would. NaN passes through the clamps.
  if (x < -87.33654f) return 0.0f;
  if (x > 88.72283f) return bits_to_float(0x7f800000u);
  const float n = floorf(fmaf(x, 1.44269504088896341f, 0.5f));  // round(x / ln 2)
  float r = fmaf(n, -0.693359375f, x);                             // x − n·ln2_hi (exact)
  r = fmaf(n, 2.12194440e-4f, r);                                  // − n·ln2_lo
  float p = 1.9875691500e-4f;
  p = fmaf(p, r, 1.3981999507e-3f);
  p = fmaf(p, r, 8.3334519073e-3f);
  p = fmaf(p, r, 4.1665795894e-2f);
  p = fmaf(p, r, 1.6666665459e-1f);
  p = fmaf(p, r, 5.0000001201e-1f);
  const float y = fmaf(p, r * r, r) + 1.0f;
  // 2^n for n in [-126, 128]: build the exponent in two halves so that n = 128 does not overflow.
  const int ni = static_cast<int>(n);
  const int half = ni / 2;
  return y * bits_to_float(static_cast<uint32_t>(half + 127) << 23) *
         bits_to_float(static_cast<uint32_t>(ni - half + 127) << 23);
}

// Logistic sigmoid, σ(x) = 1 / (1 + e^{-x}), in [0, 1]; exactly 1 for x > 87.3 and exactly 0 for
// x < −88.7 (denormal only in between).
RBMDYN_HD float sigmoid(float x) { return 1.0f / (1.0f + exp_f32(-x)); }

}  // namespace rbmdyn
