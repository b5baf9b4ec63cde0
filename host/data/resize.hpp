#pragma once
// The 28×28 → 32×32 resizes of the classifier inputs as CPU loops over whole images (OpenMP over
// images). The per-pixel math, shared with the CUDA kernels, is host/ops/resize_math.hpp.
#include <cstdint>

#include "host/ops/resize_math.hpp"

namespace rbmdyn {

// in [n, 784] uint8 → out [n, 1024] uint8.
void resize_pil_bilinear(const uint8_t* in, int64_t n, uint8_t* out);
// in [n, 784] → out [n, 1024]: the PIL resize, then ·(1/255) as float (the digit path of §6.2).
void resize_pil_bilinear_unit(const uint8_t* in, int64_t n, float* out);
// in [n, 784] float → out [n, 1024] float.
void resize_torch_bilinear(const float* in, int64_t n, float* out);
void resize_torch_bicubic(const float* in, int64_t n, float* out);

}  // namespace rbmdyn
