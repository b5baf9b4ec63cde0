#pragma once
// How CUDA code does its floating-point arithmetic where a library lets it choose (cuDNN convolutions,
// cuBLAS GEMMs of the classifier). The one options struct for it, shared by every layer that passes it on.
#include <string>

namespace rbmdyn {

// tf32: cuDNN convolutions and cuBLAS GEMMs may use TF32 tensor cores (PyTorch's default for
// convolutions); fp32: plain FP32 (CUDNN_FMA_MATH, cuBLAS default math).
enum class MathMode { fp32, tf32 };
// "fp32" or "tf32"; an InputError naming the option `option` otherwise.
MathMode parse_math_mode(const std::string& text, const std::string& option = "math");
const char* math_mode_name(MathMode mode);

struct CudaMathOptions {
  MathMode math = MathMode::tf32;
  bool deterministic = false;  // fp32 and only cuDNN algorithms that report deterministic results
  // The math actually used: fp32 when deterministic.
  MathMode effective() const { return deterministic ? MathMode::fp32 : math; }
};

}  // namespace rbmdyn
