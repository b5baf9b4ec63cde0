#pragma once
// 28×28 → 32×32 resizes of the classifier inputs on the device (method.md §6.2, §6.4). The per-pixel
// math is host/ops/resize_math.hpp's RBMDYN_HD functions, so the results equal the CPU loops
// (resize_torch_bicubic, resize_torch_bilinear, resize_pil_bilinear_unit) bit for bit.
// One thread per output pixel; in [n, 784], out [n, 1024], row-major.
// Napkin cost: bicubic 16 taps per output pixel: 1024·16·2 FLOP = 33 kFLOP and 7 KB moved per image,
// i.e. memory-bound, ≈ 1 µs per thousand images on an H200.
#include <cuda_runtime.h>

#include <cstdint>

#include "host/ops/resize_math.hpp"

namespace rbmdyn::kernels {

void launch_resize_bicubic(const float* in, int64_t n, float* out, cudaStream_t stream);
void launch_resize_bilinear(const float* in, int64_t n, float* out, cudaStream_t stream);
// PIL bilinear on uint8 images, then ÷255 to float.
void launch_resize_pil_bilinear_unit(const uint8_t* in, int64_t n, const PilBilinearTable& table, float* out,
                                     cudaStream_t stream);

}  // namespace rbmdyn::kernels
