#pragma once
// The study's fixed numbers (method.md §0, §5, §7), defined once here, at the bottom of the layers, and
// used by name everywhere else (host and device code):
//   the 10 digit classes, the classifier's 11th class "non-digit", the 11×11 transition matrix, the 45
//   unordered digit pairs of the chimera methods, the k rule of §5.1 and the SEM ddof of each metric.
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

namespace rbmdyn {

inline constexpr int kNumDigits = 10;                                  // digit classes 0..9
inline constexpr int kNonDigit = 10;                                   // the non-digit class index (§0)
inline constexpr int kNumStates = 11;                                  // classifier classes: 10 digits + non-digit
inline constexpr int kNumTransitions = kNumStates * kNumStates;        // 11×11, row = from, col = to
inline constexpr int kDigitPairs = kNumDigits * (kNumDigits - 1) / 2;  // 45 unordered pairs a < b

// The 45 pairs (a, b), a < b, in lexicographic order: (0,1), (0,2), …, (0,9), (1,2), …, (8,9).
inline const std::vector<std::array<int, 2>>& digit_pairs() {
  static const std::vector<std::array<int, 2>> pairs = [] {
    std::vector<std::array<int, 2>> p;
    for (int a = 0; a < kNumDigits; ++a)
      for (int b = a + 1; b < kNumDigits; ++b) p.push_back({a, b});
    return p;
  }();
  return pairs;
}

// The rule of §5.1: k = floor(n_hidden × mean fraction of active hidden units at step 1), from the mean %
// active over the 10 digits (149 for the authors' RBM: 14.964 % of 1000 units). The 1e-9 keeps a value
// that is an integer up to rounding (14.9 % → 149.0 − ε) from flooring one too low.
inline int k_rule(double mean_percent_active, int64_t n_hidden) {
  return static_cast<int>(std::floor(mean_percent_active / 100.0 * static_cast<double>(n_hidden) + 1e-9));
}

// SEM ddof per metric (§7.2, §7.5, §7.6, §7.7; §10 #25). The inconsistency is the authors' and is kept.
inline constexpr int kSemDdofVisited = 0;       // np.std, §7.2
inline constexpr int kSemDdofRuns = 0;          // np.std, §7.2
inline constexpr int kSemDdofChanges = 0;       // [D]: same as runs, of which it is a shift
inline constexpr int kSemDdofStateTime = 1;     // torch.std, §7.2
inline constexpr int kSemDdofEntropy = 1;       // torch.std, §7.6
inline constexpr int kSemDdofActive = 1;        // torch.std, per-digit % active bands, §7.5
inline constexpr int kSemDdofAccuracy = 0;      // [D]: SEM of a per-step proportion is not reported
inline constexpr int kSemDdofPaperSummary = 0;  // across-group summaries of §7.7 (authors' SEM helpers)

}  // namespace rbmdyn
