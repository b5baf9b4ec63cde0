#pragma once
// The conventions of the generativity metrics (method.md §7), stated once. Every metric in
// host/analysis and kernels/metrics.cu uses these names; a convention changes here (or in the two
// headers this one gathers, named below) or nowhere.
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

#include "host/core/study.hpp"
#include "host/ops/reduction_math.hpp"

namespace rbmdyn::analysis {

// The class counts and the SEM ddof of each metric are study constants (host/core/study.hpp); the
// per-chain scan (ChainScan, transition_index, changes_from_runs) is shared with the metrics kernel and
// lives in host/ops/reduction_math.hpp.

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

}  // namespace rbmdyn::analysis
