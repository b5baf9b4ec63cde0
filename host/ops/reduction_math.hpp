#pragma once
// The per-thread work of kernels/metrics.cu, written once for the kernel and its CPU twin
// (host/analysis/trajectory_reduction.cpp): the scan of one chain (visited states, runs, transitions;
// method.md §7.1, §7.3, whose conventions host/analysis/conventions.hpp states), per-step moments and
// correct counts.
//
// Chains are visited through a member list: members[begin .. end) are the chain ids of one group (or
// label) in ascending order, so both sides add in the same order and give identical doubles (host code
// is built with -ffp-contract=off and device code with --fmad=false).
#include <cstdint>

#include "host/core/hd.hpp"
#include "host/core/study.hpp"

namespace rbmdyn::analysis {

RBMDYN_HD bool is_valid_state(uint32_t state) {
  return state < static_cast<uint32_t>(kNumStates);
}
RBMDYN_HD bool is_digit(uint32_t state) {
  return state < static_cast<uint32_t>(kNumDigits);
}

// Index of the transition from `from` to `to` in a row-major 11×11 matrix.
RBMDYN_HD int transition_index(uint32_t from, uint32_t to) {
  return static_cast<int>(from) * kNumStates + static_cast<int>(to);
}

// changes = max(R − 1, 0) [D], the number of digit-to-different-digit switches (through non-digit or not).
RBMDYN_HD int32_t changes_from_runs(int32_t runs) {
  return runs > 0 ? runs - 1 : 0;
}

// The visited-states and runs scan of one chain (§7.1), fed one prediction at a time in step order.
// Shared by the CPU twin and the kernel so that both count the same way. Non-digit steps are skipped
// without resetting the last digit, which is what "remove every 10, then run-length encode" means.
struct ChainScan {
  uint32_t visited_mask = 0;  // bit s set when digit s occurred
  int32_t runs = 0;           // runs of the non-digit-free sequence so far
  int32_t last_digit = -1;    // last digit seen, −1 before the first

  RBMDYN_HD void step(uint32_t state) {
    if (!is_digit(state)) return;
    visited_mask |= 1u << state;
    if (static_cast<int32_t>(state) != last_digit) {
      ++runs;
      last_digit = static_cast<int32_t>(state);
    }
  }
  RBMDYN_HD int32_t visited() const {
    int32_t count = 0;
    for (int s = 0; s < kNumDigits; ++s) count += static_cast<int32_t>((visited_mask >> s) & 1u);
    return count;
  }
};

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
