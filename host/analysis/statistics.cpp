#include "host/analysis/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "host/core/error.hpp"

namespace rbmdyn::analysis {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

void require_no_nan(const std::vector<double>& x, const char* what) {
  for (double v : x)
    if (std::isnan(v)) fail(std::string(what) + ": sample contains NaN");
}

// Number of arrangements of the smaller sample (size m) among m + n ranks for each U = 0..m·n: the
// coefficients of the Gaussian binomial [m+n choose m]_q = Π_{i=1..m} (1 − q^{n+i}) / (1 − q^i).
// After step i the coefficients are those of [n+i choose i]_q, so every intermediate fits in int64
// while C(m+n, m) < 2^61 (checked by the caller).
std::vector<int64_t> mwu_null_counts(int64_t m, int64_t n) {
  std::vector<int64_t> c(static_cast<std::size_t>(m * n + 1), 0);
  c.at(0) = 1;  // (at(), not [], keeps GCC's null-dereference analysis quiet)
  for (int64_t i = 1; i <= m; ++i) {
    const int64_t up = n + i;  // multiply by (1 − q^up), high degrees first so each term is read once
    for (int64_t u = static_cast<int64_t>(c.size()) - 1; u >= up; --u) c[u] -= c[u - up];
    for (int64_t u = i; u < static_cast<int64_t>(c.size()); ++u) c[u] += c[u - i];  // divide by (1 − q^i)
  }
  return c;
}

// P(U ≥ u) under the null, exact (no ties).
double mwu_exact_sf(double u, int64_t n_x, int64_t n_y) {
  const int64_t m = std::min(n_x, n_y), n = std::max(n_x, n_y);
  const double log_total = std::lgamma(static_cast<double>(m + n + 1)) - std::lgamma(static_cast<double>(m + 1)) -
                           std::lgamma(static_cast<double>(n + 1));
  if (log_total > 61.0 * std::log(2.0))
    fail("mann_whitney_u: exact distribution for sizes " + std::to_string(n_x) + " and " + std::to_string(n_y) +
         " is too large; use the asymptotic method");
  const std::vector<int64_t> counts = mwu_null_counts(m, n);
  const auto k = static_cast<int64_t>(std::ceil(u));
  double tail = 0.0, total = 0.0;
  for (int64_t v = 0; v < static_cast<int64_t>(counts.size()); ++v) {
    total += static_cast<double>(counts[v]);
    if (v >= k) tail += static_cast<double>(counts[v]);
  }
  return tail / total;
}

// Lentz's continued fraction for I_x(a, b) (Numerical Recipes §6.4), valid for x < (a+1)/(a+b+2).
double beta_continued_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300;
  constexpr double eps = 1e-16;
  double c = 1.0;
  double d = 1.0 - (a + b) * x / (a + 1.0);
  if (std::fabs(d) < tiny) d = tiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
    d = 1.0 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1.0) < eps) return h;
  }
  fail("incomplete_beta: continued fraction did not converge");
}

}  // namespace

std::vector<double> rank_average(const std::vector<double>& x) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> ranks(x.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
    const double average = 0.5 * static_cast<double>(i + j) + 1.0;  // ranks i+1 .. j+1
    for (std::size_t k = i; k <= j; ++k) ranks[order[k]] = average;
    i = j + 1;
  }
  return ranks;
}

double normal_sf(double z) {
  return 0.5 * std::erfc(z / std::sqrt(2.0));
}

const char* alternative_name(Alternative alternative) {
  switch (alternative) {
    case Alternative::two_sided:
      return "two-sided";
    case Alternative::less:
      return "less";
    case Alternative::greater:
      return "greater";
  }
  return "?";
}

const char* mwu_method_name(MwuMethod method) {
  switch (method) {
    case MwuMethod::automatic:
      return "auto";
    case MwuMethod::asymptotic:
      return "asymptotic";
    case MwuMethod::exact:
      return "exact";
  }
  return "?";
}

MannWhitneyResult mann_whitney_u(const std::vector<double>& x, const std::vector<double>& y, Alternative alternative,
                                 MwuMethod method, bool use_continuity) {
  if (x.empty() || y.empty()) fail("mann_whitney_u: both samples must be non-empty");
  require_no_nan(x, "mann_whitney_u x");
  require_no_nan(y, "mann_whitney_u y");
  const auto n_x = static_cast<int64_t>(x.size()), n_y = static_cast<int64_t>(y.size());
  const int64_t n = n_x + n_y;
  std::vector<double> xy = x;
  xy.insert(xy.end(), y.begin(), y.end());
  const std::vector<double> ranks = rank_average(xy);

  // Tie term Σ(t³ − t) over groups of equal values.
  std::vector<double> sorted = xy;
  std::sort(sorted.begin(), sorted.end());
  double tie_term = 0.0;
  bool has_ties = false;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j + 1 < sorted.size() && sorted[j + 1] == sorted[i]) ++j;
    const auto t = static_cast<double>(j - i + 1);
    if (t > 1) has_ties = true;
    tie_term += t * t * t - t;
    i = j + 1;
  }

  double r_x = 0.0;
  for (int64_t i = 0; i < n_x; ++i) r_x += ranks[i];
  const double u_x = r_x - static_cast<double>(n_x) * static_cast<double>(n_x + 1) / 2.0;
  const double u_y = static_cast<double>(n_x) * static_cast<double>(n_y) - u_x;
  // As scipy: the p-value is always an upper tail, of U_x ('greater'), U_y ('less') or the larger (×2).
  const double u = alternative == Alternative::greater ? u_x
                   : alternative == Alternative::less  ? u_y
                                                       : std::max(u_x, u_y);
  const double factor = alternative == Alternative::two_sided ? 2.0 : 1.0;

  MannWhitneyResult result;
  result.u_x = u_x;
  result.has_ties = has_ties;
  if (method == MwuMethod::automatic)
    method = (n_x > 8 && n_y > 8) || has_ties ? MwuMethod::asymptotic : MwuMethod::exact;
  result.method_used = method;
  double p = 0.0;
  if (method == MwuMethod::exact) {
    if (has_ties) fail("mann_whitney_u: the exact method is not valid with ties; use the asymptotic method");
    result.z = kNan;
    p = mwu_exact_sf(u, n_x, n_y);
  } else {
    const double mu = static_cast<double>(n_x) * static_cast<double>(n_y) / 2.0;
    const double nd = static_cast<double>(n);
    const double s = std::sqrt(static_cast<double>(n_x) * static_cast<double>(n_y) / 12.0 *
                               ((nd + 1.0) - tie_term / (nd * (nd - 1.0))));
    const double numerator = u - mu - (use_continuity ? 0.5 : 0.0);
    result.z = numerator / s;
    p = normal_sf(result.z);
  }
  result.p_value = std::clamp(p * factor, 0.0, 1.0);
  return result;
}

double incomplete_beta(double a, double b, double x) {
  if (!(a > 0.0) || !(b > 0.0)) fail("incomplete_beta: a and b must be positive");
  if (std::isnan(x)) return kNan;
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  if (x < (a + 1.0) / (a + b + 2.0)) return std::exp(log_front) * beta_continued_fraction(a, b, x) / a;
  return 1.0 - std::exp(log_front) * beta_continued_fraction(b, a, 1.0 - x) / b;
}

double correlation_p_value(double r, int64_t n) {
  if (std::isnan(r)) return kNan;
  if (n <= 2) return 1.0;
  if (std::fabs(r) >= 1.0) return 0.0;
  // 2·P(T_df > |t|) = I_{df/(df+t²)}(df/2, ½), and df/(df+t²) = 1 − r².
  const double df = static_cast<double>(n - 2);
  return std::clamp(incomplete_beta(df / 2.0, 0.5, (1.0 - r) * (1.0 + r)), 0.0, 1.0);
}

Correlation pearson(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) fail("pearson: x and y differ in length");
  if (x.size() < 2) fail("pearson: need at least 2 pairs");
  require_no_nan(x, "pearson x");
  require_no_nan(y, "pearson y");
  const double mx = mean(x), my = mean(y);
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  Correlation c;
  c.n = static_cast<int64_t>(x.size());
  c.r = sxx == 0.0 || syy == 0.0 ? kNan : std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
  c.p_value = correlation_p_value(c.r, c.n);
  return c;
}

Correlation spearman(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) fail("spearman: x and y differ in length");
  require_no_nan(x, "spearman x");
  require_no_nan(y, "spearman y");
  return pearson(rank_average(x), rank_average(y));
}

}  // namespace rbmdyn::analysis
