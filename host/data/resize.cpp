#include "host/data/resize.hpp"

#include <cmath>

#include "host/core/error.hpp"

namespace rbmdyn {

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

SampleResize parse_sample_resize(const std::string& text, const std::string& option_name) {
  if (text == "bicubic") return SampleResize::bicubic;
  if (text == "bilinear") return SampleResize::bilinear;
  fail_input(quote_option(option_name) + " " + text +
             ": expected bicubic (the authors' code, default) or bilinear (the training resize)");
}

const char* sample_resize_name(SampleResize mode) { return mode == SampleResize::bicubic ? "bicubic" : "bilinear"; }

std::string sample_resize_note(SampleResize mode) {
  return mode == SampleResize::bicubic ? "" : std::string(", samples resized ") + sample_resize_name(mode);
}

void resize_samples(const float* in, int64_t n, SampleResize mode, float* out) {
  if (mode == SampleResize::bicubic)
    resize_torch_bicubic(in, n, out);
  else
    resize_torch_bilinear(in, n, out);
}

}  // namespace rbmdyn
