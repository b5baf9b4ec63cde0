#pragma once
// The per-thread work of kernels/metrics.cu, written once for the kernel and its CPU twin
// (host/analysis/trajectory_reduction.cpp). The chain scan itself is ChainScan (conventions.hpp).
//
// Chains are visited through a member list: members[begin .. end) are the chain ids of one group (or
// label) in ascending order, so both sides add in the same order and give identical doubles (host code
// is built with -ffp-contract=off and device code with --fmad=false).
#include <cstdint>

#include "host/analysis/conventions.hpp"
#include "host/core/hd.hpp"

namespace rbmdyn::analysis {

struct StepMoment {
  double mean;  // Σ x / n (NaN when n = 0)
  double m2;    // Σ (x − mean)²
};

// Moments of values[n, t] over the member chains n; values is [n_chains, n_steps].
RBMDYN_HD StepMoment step_moment(const float* values, int64_t n_steps, int64_t t, const int32_t* members, int32_t begin,
                                 int32_t end) {
  double sum = 0.0;
  for (int32_t k = begin; k < end; ++k) sum += static_cast<double>(values[members[k] * n_steps + t]);
  const double count = static_cast<double>(end - begin);
  const double mean = sum / count;  // 0/0 = NaN for an empty group
  double m2 = 0.0;
  for (int32_t k = begin; k < end; ++k) {
    const double d = static_cast<double>(values[members[k] * n_steps + t]) - mean;
    m2 += d * d;
  }
  return StepMoment{mean, m2};
}

// #{member chains n : pred[n, t] = digit} (§7.4; a non-digit prediction is never correct).
RBMDYN_HD int32_t count_correct(const uint8_t* pred, int64_t n_steps, int64_t t, uint32_t digit, const int32_t* members,
                                int32_t begin, int32_t end) {
  int32_t correct = 0;
  for (int32_t k = begin; k < end; ++k) correct += pred[members[k] * n_steps + t] == digit ? 1 : 0;
  return correct;
}

}  // namespace rbmdyn::analysis
