#pragma once
// The conventions of the generativity metrics (method.md §7), defined once. Every metric in
// host/analysis and kernels/metrics.cu uses these names; a convention changes here or nowhere.
//
//   pred[n, t] ∈ {0..10}: the class of chain n at 0-based step t (paper step t+1); 10 = non-digit.
//
// Per chain (§7.1, §10 #16), with d = pred[n, :] with every 10 removed (order kept):
//   visited states V = number of distinct digits in d (non-digit never counts)        → ChainScan
//   runs R ("transitions" in the paper) = number of runs of d = 1 + #{i : d[i] ≠ d[i−1]}, 0 if d is
//     empty. A chain in one digit scores 1; 3,ND,3 scores 1; 3,ND,5 scores 2; all-ND scores 0.
//   changes = max(R − 1, 0) [D]                                                        → changes_from_runs
//   state time ST[s] = #{t : pred[n, t] = s}, s = 0..10 (occupancy, sums to n_steps)
// Transition counts (§7.3): M[i, j] += 1 for every t ≥ 1 with i = pred[n, t−1], j = pred[n, t],
//   self-transitions and the non-digit row/column included                              → transition_index
// Row normalisation: P[i, :] = M[i, :] / Σ_j M[i, j]; an empty row is NaN (0/0) and NaN entries are
//   left out of every average (kEmptyRowIsNan).
// Accuracy (§7.4): a chain is correct at t when pred[n, t] = label[n]; non-digit is always wrong. It
//   is defined only for label biasing; chimeras have no label and get no accuracy (§10 #31).
// SEM (§7.2, §7.7, §10 #25) = std(ddof)/√n with the per-metric ddof of host/core/study.hpp.
// Rounding (§7.2, §10 #27): group means (and SEMs) rounded to 2 decimals, numpy style, before any
//   aggregation across groups; used for the paper table only, full precision elsewhere.
#include <cmath>
#include <cstdint>

#include "host/core/hd.hpp"
#include "host/core/study.hpp"

namespace rbmdyn::analysis {

// The class counts and the SEM ddof of each metric are study constants: host/core/study.hpp.

// Decimals of the group means and SEMs that enter the paper table (§7.2, §10 #27).
inline constexpr int kPaperTableDecimals = 2;

// NaN rows of a row-normalised transition matrix are kept as NaN and excluded from averages (§7.3).
inline constexpr bool kEmptyRowIsNan = true;

// numpy.round(x, decimals): x·10^d rounded half-to-even, divided by 10^d. Values in the paper's
// tables went through exactly this before being averaged. NaN stays NaN.
inline double round_decimals(double x, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::nearbyint(x * scale) / scale;  // default rounding mode: to nearest, ties to even
}
inline double round_for_paper(double x) {
  return round_decimals(x, kPaperTableDecimals);
}

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

}  // namespace rbmdyn::analysis
