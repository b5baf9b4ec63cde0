#pragma once
// The 28×28 → 32×32 resizes of the classifier inputs as CPU loops over whole images (OpenMP over
// images). The per-pixel math, shared with the CUDA kernels, is host/ops/resize_math.hpp.
#include <cstdint>
#include <string>

#include "host/ops/resize_math.hpp"

namespace rbmdyn {

// How RBM samples (28×28 floats in [0, 1]) are brought to the classifier's 32×32 (§6.4, §10 row 18).
enum class SampleResize {
  bicubic,   // torch bicubic, unclamped: the authors' code (the reproduction default)
  bilinear,  // the training digits' interpolation (PIL bilinear at this upscale = half-pixel-centre
             // bilinear with edge clamping) applied to the float samples, without PIL's uint8 rounding:
             // the named "training resize" variant
};
// "bicubic" or "bilinear"; InputError naming the option (neutral name) otherwise.
SampleResize parse_sample_resize(const std::string& text, const std::string& option_name = "sample_resize");
const char* sample_resize_name(SampleResize mode);
// ", samples resized bilinear" for the variant, "" for the default (classifier descriptions name deviations).
std::string sample_resize_note(SampleResize mode);

// in [n, 784] uint8 → out [n, 1024] uint8.
void resize_pil_bilinear(const uint8_t* in, int64_t n, uint8_t* out);
// in [n, 784] → out [n, 1024]: the PIL resize, then ·(1/255) as float (the digit path of §6.2).
void resize_pil_bilinear_unit(const uint8_t* in, int64_t n, float* out);
// in [n, 784] float → out [n, 1024] float.
void resize_torch_bilinear(const float* in, int64_t n, float* out);
void resize_torch_bicubic(const float* in, int64_t n, float* out);
// RBM samples [n, 784] → [n, 1024] with `mode` (torch_bicubic or torch_bilinear).
void resize_samples(const float* in, int64_t n, SampleResize mode, float* out);

}  // namespace rbmdyn
