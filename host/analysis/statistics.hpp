#pragma once
// The tests of method.md §7.7, written to give SciPy's numbers (scipy.stats.mannwhitneyu / pearsonr /
// spearmanr, checked against scipy 1.17 in tests/analysis/statistics_test.cpp), and ranks. The
// descriptive statistics (mean, SD, SEM) they build on are host/core/descriptive.hpp. All sums are in
// double, in input order.
#include <cstdint>
#include <string>
#include <vector>

#include "host/core/descriptive.hpp"

namespace rbmdyn::analysis {

// Ranks 1..n with ties given their average rank (scipy.stats.rankdata(method='average')).
std::vector<double> rank_average(const std::vector<double>& x);

// Standard normal survival function P(Z > z) = ½·erfc(z/√2) (scipy.special.ndtr(−z)).
double normal_sf(double z);

enum class Alternative { two_sided, less, greater };
// How the Mann–Whitney p-value is computed (scipy's `method`):
//   asymptotic  normal approximation with tie correction (and continuity correction when asked);
//   exact       the exact null distribution of U; valid only without ties (rejected otherwise);
//   automatic   scipy's 'auto': exact when min(n_x, n_y) ≤ 8 and there are no ties, else asymptotic.
enum class MwuMethod { automatic, asymptotic, exact };

struct MannWhitneyResult {
  double u_x = 0.0;      // U of x: R_x − n_x(n_x+1)/2 (scipy's `statistic`)
  double p_value = 0.0;  // one- or two-sided, per `alternative`
  double z = 0.0;        // standardised statistic of the asymptotic method (NaN for exact)
  MwuMethod method_used = MwuMethod::asymptotic;
  bool has_ties = false;
};

// scipy.stats.mannwhitneyu(x, y, use_continuity, alternative, method). 'greater' tests whether x
// tends to be larger than y. Throws Error for an empty sample, a NaN, or exact with ties.
MannWhitneyResult mann_whitney_u(const std::vector<double>& x, const std::vector<double>& y, Alternative alternative,
                                 MwuMethod method = MwuMethod::automatic, bool use_continuity = true);

const char* alternative_name(Alternative alternative);  // "two-sided", "less", "greater"
const char* mwu_method_name(MwuMethod method);          // "auto", "asymptotic", "exact"

struct Correlation {
  double r = 0.0;        // NaN when either input is constant
  double p_value = 0.0;  // two-sided, Student t with n − 2 degrees of freedom (scipy's); NaN when r is
  int64_t n = 0;
};

// scipy.stats.pearsonr(x, y) (two-sided p). Throws Error when the sizes differ or n < 2.
Correlation pearson(const std::vector<double>& x, const std::vector<double>& y);
// scipy.stats.spearmanr(x, y): Pearson of the average ranks, the same t-based p-value.
Correlation spearman(const std::vector<double>& x, const std::vector<double>& y);

// Regularised incomplete beta I_x(a, b) (continued fraction); exposed for tests.
double incomplete_beta(double a, double b, double x);
// Two-sided p-value of a correlation r over n pairs: 2·P(T_{n−2} > |t|), t = r·√((n−2)/(1−r²)).
double correlation_p_value(double r, int64_t n);

}  // namespace rbmdyn::analysis
