#pragma once
// Which cuDNN convolution algorithms a MathMode may use, and with which math type they then run.
// cudnnFind*Algorithm reports, per measured algorithm, the math type it ran with. cuDNN 9 reports
// plain FP32 kernels as CUDNN_FMA_MATH or as CUDNN_DEFAULT_MATH (both "no tensor cores" when the
// descriptor asked for CUDNN_FMA_MATH), so fp32 mode rejects only the tensor-op math types. The
// descriptor that runs an fp32 algorithm is always set to CUDNN_FMA_MATH explicitly: on Ampere and
// later, CUDNN_DEFAULT_MATH would permit TF32 tensor cores again.
#include <cudnn.h>

#include "host/runtime/cuda_math.hpp"

namespace rbmdyn::cls {

inline bool cudnn_math_allowed(MathMode mode, cudnnMathType_t reported) {
  if (mode == MathMode::tf32) return true;
  return reported == CUDNN_DEFAULT_MATH || reported == CUDNN_FMA_MATH;  // never TENSOR_OP(_ALLOW_CONVERSION)
}

inline cudnnMathType_t cudnn_math_to_run(MathMode mode, cudnnMathType_t reported) {
  return mode == MathMode::fp32 ? CUDNN_FMA_MATH : reported;
}

}  // namespace rbmdyn::cls
