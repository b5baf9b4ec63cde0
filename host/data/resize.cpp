#include "host/data/resize.hpp"

#include <cmath>

#include "host/core/error.hpp"

namespace rbmdyn {

PilBilinearTable pil_bilinear_table() {
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

void resize_pil_bilinear(const uint8_t* in, int64_t n, uint8_t* out) {
  const PilBilinearTable t = pil_bilinear_table();
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < n; ++i)
    for (int y = 0; y < kResizeOutSide; ++y)
      for (int x = 0; x < kResizeOutSide; ++x)
        out[i * kResizeOutPixels + y * kResizeOutSide + x] = pil_bilinear_pixel(in + i * 784, t, y, x);
}

void resize_pil_bilinear_unit(const uint8_t* in, int64_t n, float* out) {
  const PilBilinearTable t = pil_bilinear_table();
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < n; ++i)
    for (int y = 0; y < kResizeOutSide; ++y)
      for (int x = 0; x < kResizeOutSide; ++x)
        out[i * kResizeOutPixels + y * kResizeOutSide + x] =
            static_cast<float>(pil_bilinear_pixel(in + i * 784, t, y, x)) / 255.0f;
}

void resize_torch_bilinear(const float* in, int64_t n, float* out) {
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < n; ++i)
    for (int y = 0; y < kResizeOutSide; ++y)
      for (int x = 0; x < kResizeOutSide; ++x)
        out[i * kResizeOutPixels + y * kResizeOutSide + x] = torch_bilinear_pixel(in + i * 784, y, x);
}

void resize_torch_bicubic(const float* in, int64_t n, float* out) {
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < n; ++i)
    for (int y = 0; y < kResizeOutSide; ++y)
      for (int x = 0; x < kResizeOutSide; ++x)
        out[i * kResizeOutPixels + y * kResizeOutSide + x] = torch_bicubic_pixel(in + i * 784, y, x);
}

SampleResize parse_sample_resize(const std::string& text, const std::string& option) {
  if (text == "bicubic") return SampleResize::bicubic;
  if (text == "bilinear") return SampleResize::bilinear;
  fail_input(option + " " + text + ": expected bicubic (the authors' code, default) or bilinear (the training resize)");
}

const char* sample_resize_name(SampleResize mode) { return mode == SampleResize::bicubic ? "bicubic" : "bilinear"; }

void resize_samples(const float* in, int64_t n, SampleResize mode, float* out) {
  if (mode == SampleResize::bicubic)
    resize_torch_bicubic(in, n, out);
  else
    resize_torch_bilinear(in, n, out);
}

}  // namespace rbmdyn
