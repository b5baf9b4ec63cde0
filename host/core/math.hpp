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

RBMDYN_HD uint32_t float_to_bits(float f) {
#if defined(__CUDA_ARCH__)
  return __float_as_uint(f);
#else
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  return bits;
#endif
}

RBMDYN_HD float exp_f32(float x) {
  // Outside [-87.34, 88.72] the result is not a normal float: 0 below (no denormals, which slow every
  // later GEMM on x86), +inf above, as expf would; NaN gives NaN. Written without branches, floorf or
  // float-to-int conversions (the edge cases are selected at the end; intermediate values for them are
  // finite garbage, never undefined behaviour), so that GCC vectorises loops that call it.
  constexpr float kLow = -87.33654f;
  constexpr float kHigh = 88.72283f;
  constexpr float kRound = 12582912.0f;  // 1.5·2^23: (v + kRound) − kRound rounds v to an integer
  const float t = fmaf(x, 1.44269504088896341f, 0.5f);
  const float t_round = (t + kRound) - kRound;           // nearest integer (|t| < 2^22)
  const float n = t_round > t ? t_round - 1.0f : t_round;  // floor(t) = round(x / ln 2)
  float r = fmaf(n, -0.693359375f, x);                   // x − n·ln2_hi (exact)
  r = fmaf(n, 2.12194440e-4f, r);                        // − n·ln2_lo
  float p = 1.9875691500e-4f;
  p = fmaf(p, r, 1.3981999507e-3f);
  p = fmaf(p, r, 8.3334519073e-3f);
  p = fmaf(p, r, 4.1665795894e-2f);
  p = fmaf(p, r, 1.6666665459e-1f);
  p = fmaf(p, r, 5.0000001201e-1f);
  const float y = fmaf(p, r * r, r) + 1.0f;
  // n as an integer from the low mantissa bits of n + 1.5·2^23 (exact for |n| < 2^22), then 2^n for n
  // in [-126, 128], built in two halves so that n = 128 does not overflow.
  const int ni = static_cast<int>(float_to_bits(n + kRound) & 0x7fffffu) - 0x400000;
  const int half = ni / 2;
  const float e = y * bits_to_float(static_cast<uint32_t>(half + 127) << 23) *
                  bits_to_float(static_cast<uint32_t>(ni - half + 127) << 23);
  return x < kLow ? 0.0f : (x > kHigh ? bits_to_float(0x7f800000u) : (x == x ? e : x));
}

// Logistic sigmoid, σ(x) = 1 / (1 + e^{-x}), in [0, 1]; exactly 1 for x > 87.3 and exactly 0 for
// x < −88.7 (denormal only in between).
RBMDYN_HD float sigmoid(float x) { return 1.0f / (1.0f + exp_f32(-x)); }

}  // namespace rbmdyn
