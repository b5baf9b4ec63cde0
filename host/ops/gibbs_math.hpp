#pragma once
// Per-element steps of top-down generation (docs/method.md §4.1), shared by the CPU engine
// (host/gibbs/gibbs_engine_cpu.cpp) and the CUDA kernels (kernels/gibbs.cu), so the twins cannot drift.
#include <cstdint>

#include "host/core/hd.hpp"
#include "host/core/math.hpp"
#include "host/core/random.hpp"

namespace rbmdyn::gibbs {

// A conditional probability at temperature T: σ((pre + bias) / T), pre = the GEMM result (v·W or h·Wᵀ).
// With T = 1 the division is exact, so this equals σ(pre + bias) bit for bit (docs/method.md §4.1).
RBMDYN_HD float conditional(float pre_activation, float bias, float temperature) {
  return sigmoid((pre_activation + bias) / temperature);
}

// % active units of one chain from the sum of its hidden states: 100 · sum / units (docs/method.md §7.5).
// For binary states the sum is an exact integer count, so CPU and GPU agree bit for bit.
RBMDYN_HD float activity_percent(double state_sum, int64_t units) {
  return static_cast<float>(100.0 * state_sum / static_cast<double>(units));
}

// Where the draws of a chain come from: global chain g (vector-major, g = vector·per_vector + chain)
// is addressed as (a = vector, c = chain within the vector), b being the step. So a chain's numbers
// depend on its vector and its place within that vector only, never on how many chains each vector
// has: vector 1, chain 0 draws the same numbers with 2 chains per vector as with 10.
struct ChainAddress {
  uint32_t vector;  // a coordinate
  uint32_t chain;   // c coordinate
};
RBMDYN_HD ChainAddress chain_address(uint64_t global_chain, uint64_t chains_per_vector) {
  return ChainAddress{static_cast<uint32_t>(global_chain / chains_per_vector),
                      static_cast<uint32_t>(global_chain % chains_per_vector)};
}

}  // namespace rbmdyn::gibbs
