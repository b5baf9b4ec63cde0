#pragma once
// Per-element math shared by the CPU engine and the CUDA kernels.
#include <cmath>

#include "host/core/hd.hpp"

namespace rbmdyn {

// Logistic sigmoid, σ(x) = 1 / (1 + e^{-x}); saturates cleanly to 0 and 1 for |x| > 88.
RBMDYN_HD float sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }

}  // namespace rbmdyn
