#pragma once
// Descriptive statistics of a sample (mean, standard deviation, SEM), the basics every layer that
// summarises numbers uses (the readout's step-1 activity, the metrics of §7, the report across seeds).
// The tests of §7.7 (Mann–Whitney, correlations) are in host/analysis/statistics.hpp. All sums are in
// double, in input order, so a summary is reproducible to the last bit.
#include <cstdint>
#include <vector>

namespace rbmdyn {

// Arithmetic mean; NaN for an empty input.
double mean(const std::vector<double>& x);

// np.std(x, ddof=ddof) = sqrt(Σ(x − mean)² / (n − ddof)) (two-pass); NaN when n ≤ ddof.
double standard_deviation(const std::vector<double>& x, int ddof);

// Standard error of the mean, std(ddof)/√n (the ddof per metric is in host/core/study.hpp); NaN when n ≤ ddof.
double sem(const std::vector<double>& x, int ddof);

// A mean with its SEM and sample size.
struct MeanSem {
  double mean = 0.0;
  double sem = 0.0;
  int64_t n = 0;
  int ddof = 0;
};
MeanSem mean_sem(const std::vector<double>& x, int ddof);

// The same over the non-NaN entries of x (n counts those); used for transition-matrix entries (§7.3).
MeanSem mean_sem_ignoring_nan(const std::vector<double>& x, int ddof);

}  // namespace rbmdyn
