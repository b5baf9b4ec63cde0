#pragma once
// Per-element steps of top-down generation (method.md §4.1), shared by the CPU engine
// (host/gibbs/gibbs_engine_cpu.cpp) and the CUDA kernels (kernels/gibbs.cu), so the twins cannot drift.
#include <cstdint>

#include "host/core/hd.hpp"
#include "host/core/math.hpp"
#include "host/core/random.hpp"

namespace rbmdyn::gibbs {

// A conditional probability at temperature T: σ((pre + bias) / T), pre = the GEMM result (v·W or h·Wᵀ).
// With T = 1 the division is exact, so this equals σ(pre + bias) bit for bit (method.md §4.1).
RBMDYN_HD float conditional(float pre_activation, float bias, float temperature) {
  return sigmoid((pre_activation + bias) / temperature);
}

// % active units of one chain from the sum of its hidden states: 100 · sum / units (method.md §7.5).
// For binary states the sum is an exact integer count, so CPU and GPU agree bit for bit.
RBMDYN_HD float activity_percent(double state_sum, int64_t units) {
  return static_cast<float>(100.0 * state_sum / static_cast<double>(units));
}

}  // namespace rbmdyn::gibbs
