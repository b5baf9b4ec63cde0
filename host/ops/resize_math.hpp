#pragma once
// The three 28×28 → 32×32 resizes of the classifier pipeline (method.md §6.2, §6.4, §10 row 18):
//
//   pil_bilinear   training/validation/test digits: PIL's Image.resize(BILINEAR) on uint8 (Pillow's
//                  Resample.c: triangle filter of support 1 at half-pixel centres, window clipped at the
//                  edges and renormalised, 22-bit fixed-point coefficients, horizontal pass then
//                  vertical pass, each rounded and clipped to uint8). The caller divides by 255.
//   torch_bilinear non-digits: F.interpolate(mode="bilinear", align_corners=False) on float values:
//                  source x = max((x_out + 0.5)·28/32 − 0.5, 0), neighbours x0 = ⌊x⌋ and
//                  x1 = min(x0 + 1, 27), weights (1 − λ, λ); rows likewise; float arithmetic.
//   torch_bicubic  RBM samples: F.interpolate(mode="bicubic", align_corners=False): source
//                  x = (x_out + 0.5)·28/32 − 0.5 (not clamped), x0 = ⌊x⌋, t = x − x0, taps x0−1..x0+2
//                  clamped to 0..27 (border replicate), Keys cubic with A = −0.75, horizontal
//                  interpolation of each of the 4 rows then vertical; the result is NOT clamped, so
//                  it can overshoot [0, 1] slightly.
//
// Each is written per output pixel as an RBMDYN_HD function, so the CPU loops (host/data/resize.hpp)
// and the CUDA kernels (kernels/resize.cuh) compute identical values. Images are row-major, 28·28 in,
// 32·32 out.
#include <cmath>
#include <cstdint>

#include "host/core/hd.hpp"

namespace rbmdyn {

inline constexpr int kResizeInSide = 28;
inline constexpr int kResizeOutSide = 32;
inline constexpr int kResizeOutPixels = kResizeOutSide * kResizeOutSide;  // 1024

// ---- PIL bilinear (uint8 → uint8) ---------------------------------------------------------------

// Pillow's per-output taps for one axis (28 → 32; the same table serves rows and columns). Upscaling
// gives a support of 1, so at most 3 taps; unused taps have weight 0.
struct PilBilinearTable {
  int32_t first[kResizeOutSide];     // first input index (xmin)
  int32_t count[kResizeOutSide];     // taps used (xmax − xmin)
  int32_t weight[kResizeOutSide][3];  // fixed point, 22 fractional bits
};
inline constexpr int kPilPrecisionBits = 32 - 8 - 2;

// precompute_coeffs + normalize_coeffs_8bpc of Pillow for the bilinear filter (double precision; computed
// on the host and passed to the kernels by value).
inline PilBilinearTable pil_bilinear_table() {
  // Pillow Resample.c, precompute_coeffs() with the bilinear filter (support 1) and
  // normalize_coeffs_8bpc(); scale = 28/32 < 1, so filterscale = 1 and ss = 1.
  PilBilinearTable t{};
  const double scale = static_cast<double>(kResizeInSide) / kResizeOutSide;
  const double support = 1.0;
  for (int xx = 0; xx < kResizeOutSide; ++xx) {
    const double center = (xx + 0.5) * scale;
    int xmin = static_cast<int>(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    int xmax = static_cast<int>(center + support + 0.5);
    if (xmax > kResizeInSide) xmax = kResizeInSide;
    xmax -= xmin;
    double k[3] = {0, 0, 0};
    double ww = 0.0;
    for (int x = 0; x < xmax && x < 3; ++x) {
      double arg = x + xmin - center + 0.5;
      arg = arg < 0 ? -arg : arg;
      k[x] = arg < 1.0 ? 1.0 - arg : 0.0;
      ww += k[x];
    }
    t.first[xx] = xmin;
    t.count[xx] = xmax < 3 ? xmax : 3;
    for (int x = 0; x < 3; ++x) {
      const double w = (ww != 0.0 ? k[x] / ww : k[x]) * static_cast<double>(1 << kPilPrecisionBits);
      t.weight[xx][x] = static_cast<int32_t>(w < 0 ? -0.5 + w : 0.5 + w);
    }
  }
  return t;
}

// Pillow's clip8: rounds the accumulated fixed-point value (the accumulator starts at one half).
RBMDYN_HD uint8_t pil_clip8(int32_t acc) {
  if (acc >= (1 << kPilPrecisionBits << 8)) return 255;
  if (acc <= 0) return 0;
  return static_cast<uint8_t>(acc >> kPilPrecisionBits);
}

// Output pixel (y, x) of the two-pass resize: the vertical pass reads the uint8 results of the
// horizontal pass for the rows it needs.
RBMDYN_HD uint8_t pil_bilinear_pixel(const uint8_t* in, const PilBilinearTable& t, int y, int x) {
  int32_t acc = 1 << (kPilPrecisionBits - 1);
  for (int j = 0; j < t.count[y]; ++j) {
    const uint8_t* row = in + (t.first[y] + j) * kResizeInSide;
    int32_t h = 1 << (kPilPrecisionBits - 1);
    for (int i = 0; i < t.count[x]; ++i) h += static_cast<int32_t>(row[t.first[x] + i]) * t.weight[x][i];
    acc += static_cast<int32_t>(pil_clip8(h)) * t.weight[y][j];
  }
  return pil_clip8(acc);
}

// ---- torch bilinear (float) ---------------------------------------------------------------------

RBMDYN_HD float torch_bilinear_pixel(const float* in, int y, int x) {
  float sy = (static_cast<float>(y) + 0.5f) * 0.875f - 0.5f;
  float sx = (static_cast<float>(x) + 0.5f) * 0.875f - 0.5f;
  sy = sy < 0.0f ? 0.0f : sy;
  sx = sx < 0.0f ? 0.0f : sx;
  const int y0 = static_cast<int>(sy);
  const int x0 = static_cast<int>(sx);
  const int y1 = y0 + (y0 < kResizeInSide - 1 ? 1 : 0);
  const int x1 = x0 + (x0 < kResizeInSide - 1 ? 1 : 0);
  const float ly1 = sy - static_cast<float>(y0), ly0 = 1.0f - ly1;
  const float lx1 = sx - static_cast<float>(x0), lx0 = 1.0f - lx1;
  const float* r0 = in + y0 * kResizeInSide;
  const float* r1 = in + y1 * kResizeInSide;
  return ly0 * (lx0 * r0[x0] + lx1 * r0[x1]) + ly1 * (lx0 * r1[x0] + lx1 * r1[x1]);
}

// ---- torch bicubic (float) ----------------------------------------------------------------------

struct CubicTaps {
  int index[4];
  float weight[4];
};

// Keys' cubic convolution kernel with A = −0.75 (PyTorch's cubic_convolution1 for |d| ≤ 1 and
// cubic_convolution2 for 1 < |d| < 2).
inline constexpr float kBicubicA = -0.75f;
RBMDYN_HD float cubic_near(float d) { return ((kBicubicA + 2.0f) * d - (kBicubicA + 3.0f)) * d * d + 1.0f; }
RBMDYN_HD float cubic_far(float d) {
  return ((kBicubicA * d - 5.0f * kBicubicA) * d + 8.0f * kBicubicA) * d - 4.0f * kBicubicA;
}

// Taps of output coordinate `o` along one axis.
RBMDYN_HD CubicTaps bicubic_taps(int o) {
  const float s = (static_cast<float>(o) + 0.5f) * 0.875f - 0.5f;  // exact: multiples of 1/16
  const float f = floorf(s);
  const int i0 = static_cast<int>(f);
  const float t = s - f;
  CubicTaps taps{};
  taps.weight[0] = cubic_far(t + 1.0f);
  taps.weight[1] = cubic_near(t);
  taps.weight[2] = cubic_near(1.0f - t);
  taps.weight[3] = cubic_far(2.0f - t);
  for (int k = 0; k < 4; ++k) {
    const int i = i0 - 1 + k;
    taps.index[k] = i < 0 ? 0 : (i > kResizeInSide - 1 ? kResizeInSide - 1 : i);
  }
  return taps;
}

RBMDYN_HD float torch_bicubic_pixel(const float* in, int y, int x) {
  const CubicTaps ty = bicubic_taps(y);
  const CubicTaps tx = bicubic_taps(x);
  float out = 0.0f;
  for (int j = 0; j < 4; ++j) {
    const float* row = in + ty.index[j] * kResizeInSide;
    const float r = tx.weight[0] * row[tx.index[0]] + tx.weight[1] * row[tx.index[1]] +
                    tx.weight[2] * row[tx.index[2]] + tx.weight[3] * row[tx.index[3]];
    out += ty.weight[j] * r;
  }
  return out;
}

}  // namespace rbmdyn
