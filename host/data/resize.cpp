#include "host/data/resize.hpp"

#include <cmath>

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

}  // namespace rbmdyn
