#include "host/core/descriptive.hpp"

#include <cmath>
#include <limits>

namespace rbmdyn {

double mean(const std::vector<double>& x) {
  if (x.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0.0;
  for (double v : x) sum += v;
  return sum / static_cast<double>(x.size());
}

double standard_deviation(const std::vector<double>& x, int ddof) {
  const auto n = static_cast<int64_t>(x.size());
  if (n <= ddof) return std::numeric_limits<double>::quiet_NaN();
  const double m = mean(x);
  double ss = 0.0;
  for (double v : x) ss += (v - m) * (v - m);
  return std::sqrt(ss / static_cast<double>(n - ddof));
}

double sem(const std::vector<double>& x, int ddof) {
  if (static_cast<int64_t>(x.size()) <= ddof) return std::numeric_limits<double>::quiet_NaN();
  return standard_deviation(x, ddof) / std::sqrt(static_cast<double>(x.size()));
}

MeanSem mean_sem(const std::vector<double>& x, int ddof) {
  return MeanSem{mean(x), sem(x, ddof), static_cast<int64_t>(x.size()), ddof};
}

MeanSem mean_sem_ignoring_nan(const std::vector<double>& x, int ddof) {
  std::vector<double> kept;
  kept.reserve(x.size());
  for (double v : x)
    if (!std::isnan(v)) kept.push_back(v);
  return mean_sem(kept, ddof);
}

}  // namespace rbmdyn
