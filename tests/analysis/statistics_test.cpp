// The statistics of docs/method.md §7.7 against SciPy. Every expected value below was produced by
// scipy 1.17.1 / numpy 2.4.6 (scipy.stats.mannwhitneyu(x, y, alternative=..., method=...,
// use_continuity=...), pearsonr, spearmanr, rankdata, sem; numpy.round) on the inputs written here.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "host/analysis/conventions.hpp"
#include "host/analysis/statistics.hpp"
#include "host/core/error.hpp"

namespace rbmdyn::analysis {
namespace {

// Relative closeness for p-values that span many orders of magnitude.
void expect_rel(double actual, double expected, double rel) {
  EXPECT_NEAR(actual, expected, rel * std::fabs(expected)) << "expected " << expected << ", got " << actual;
}

const std::vector<double> kTiedX = {2.5, 3.1, 2.5, 4.0, 1.8, 3.3, 2.9, 3.1, 2.2, 3.7, 2.5, 4.4};
const std::vector<double> kTiedY = {1.2, 2.5, 1.9, 1.7, 2.2, 1.1, 3.1, 1.5, 2.0, 1.8};

TEST(AnalysisStatistics, MeanStdSemMatchNumpy) {
  const std::vector<double> x = {1.0, 2.0, 4.0, 7.0};
  EXPECT_DOUBLE_EQ(mean(x), 3.5);
  EXPECT_NEAR(standard_deviation(x, 0), 2.29128784747792, 1e-13);  // np.std(x)
  EXPECT_NEAR(sem(x, 0), 1.14564392373896, 1e-13);                 // scipy.stats.sem(x, ddof=0)
  EXPECT_NEAR(sem(x, 1), 1.3228756555322954, 1e-13);               // scipy.stats.sem(x, ddof=1)
  EXPECT_TRUE(std::isnan(sem({5.0}, 1)));
  EXPECT_TRUE(std::isnan(mean({})));
  const MeanSem m = mean_sem_ignoring_nan({1.0, NAN, 2.0, 4.0, NAN, 7.0}, 1);
  EXPECT_EQ(m.n, 4);
  EXPECT_DOUBLE_EQ(m.mean, 3.5);
  EXPECT_NEAR(m.sem, 1.3228756555322954, 1e-13);
}

TEST(AnalysisStatistics, RanksAverageTies) {
  const std::vector<double> expected = {4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8};  // scipy.stats.rankdata
  EXPECT_EQ(rank_average({3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5}), expected);
}

TEST(AnalysisStatistics, RoundsLikeNumpy) {
  // np.round([0.125, 0.135, 2.675, -1.005, 1.2345, 0.005, 0.015, 0.025], 2): half to even on x·100.
  const std::vector<double> in = {0.125, 0.135, 2.675, -1.005, 1.2345, 0.005, 0.015, 0.025};
  const std::vector<double> expected = {0.12, 0.14, 2.68, -1.0, 1.23, 0.0, 0.02, 0.02};
  for (std::size_t i = 0; i < in.size(); ++i) EXPECT_DOUBLE_EQ(round_for_paper(in[i]), expected[i]) << in[i];
}

TEST(AnalysisStatistics, MannWhitneyAsymptoticWithTiesAndContinuity) {
  struct Case {
    Alternative alternative;
    bool continuity;
    double p;
  };
  const Case cases[] = {
      {Alternative::greater, true, 0.0014379180969810149},   {Alternative::greater, false, 0.0012898778774074224},
      {Alternative::less, true, 0.9988441004830361},         {Alternative::less, false, 0.9987101221225926},
      {Alternative::two_sided, true, 0.0028758361939620297}, {Alternative::two_sided, false, 0.0025797557548148447},
  };
  for (const Case& c : cases) {
    const MannWhitneyResult r = mann_whitney_u(kTiedX, kTiedY, c.alternative, MwuMethod::asymptotic, c.continuity);
    EXPECT_DOUBLE_EQ(r.u_x, 105.5);
    EXPECT_TRUE(r.has_ties);
    expect_rel(r.p_value, c.p, 1e-10);
  }
  // Swapping the samples and the direction gives the same p, with U of the new x.
  const MannWhitneyResult swapped = mann_whitney_u(kTiedY, kTiedX, Alternative::less);
  EXPECT_DOUBLE_EQ(swapped.u_x, 14.5);
  EXPECT_EQ(swapped.method_used, MwuMethod::asymptotic);  // 'auto' with ties
  expect_rel(swapped.p_value, 0.0014379180969810149, 1e-10);
}

TEST(AnalysisStatistics, MannWhitneyExactSmallSamples) {
  const std::vector<double> x = {1.1, 3.4, 2.2, 5.0}, y = {0.5, 2.9, 4.1, 6.3, 0.2};
  const double p_greater = 0.45238095238095244, p_less = 0.6349206349206349, p_two = 0.9047619047619049;
  for (MwuMethod m : {MwuMethod::exact, MwuMethod::automatic}) {
    const MannWhitneyResult g = mann_whitney_u(x, y, Alternative::greater, m);
    EXPECT_DOUBLE_EQ(g.u_x, 11.0);
    EXPECT_EQ(g.method_used, MwuMethod::exact);
    expect_rel(g.p_value, p_greater, 1e-12);
    expect_rel(mann_whitney_u(x, y, Alternative::less, m).p_value, p_less, 1e-12);
    expect_rel(mann_whitney_u(x, y, Alternative::two_sided, m).p_value, p_two, 1e-12);
  }
  // 7 vs 12 without ties: exact and asymptotic differ, both as scipy.
  const std::vector<double> a = {8.1, 7.3, 9.9, 6.4, 8.8, 7.7, 9.1};
  const std::vector<double> b = {5.0, 6.9, 7.0, 4.2, 6.1, 5.5, 7.5, 3.3, 6.0, 4.8, 5.9, 6.6};
  const MannWhitneyResult e = mann_whitney_u(a, b, Alternative::greater, MwuMethod::exact);
  EXPECT_DOUBLE_EQ(e.u_x, 79.0);
  expect_rel(e.p_value, 0.00037707390648567115, 1e-12);
  expect_rel(mann_whitney_u(a, b, Alternative::greater, MwuMethod::asymptotic).p_value, 0.0010184007491278453, 1e-10);
  EXPECT_EQ(mann_whitney_u(a, b, Alternative::greater).method_used, MwuMethod::exact);  // min size 7 ≤ 8
}

TEST(AnalysisStatistics, MannWhitneyRejectsBadInput) {
  EXPECT_THROW((void)mann_whitney_u(kTiedX, kTiedY, Alternative::greater, MwuMethod::exact), Error);
  EXPECT_THROW((void)mann_whitney_u({}, kTiedY, Alternative::greater), Error);
  EXPECT_THROW((void)mann_whitney_u({1.0, NAN}, kTiedY, Alternative::greater), Error);
}

TEST(AnalysisStatistics, PearsonAndSpearmanMatchScipy) {
  const std::vector<double> a = {0.3, 1.9, 2.2, 3.8, 4.1, 5.5, 6.0, 7.7};
  const std::vector<double> b = {1.0, 2.5, 2.0, 4.4, 3.9, 6.1, 6.2, 9.0};
  Correlation p = pearson(a, b), s = spearman(a, b);
  EXPECT_NEAR(p.r, 0.9835361461985889, 1e-13);
  expect_rel(p.p_value, 1.1019360350650575e-05, 1e-9);
  EXPECT_NEAR(s.r, 0.9523809523809524, 1e-13);
  expect_rel(s.p_value, 0.000260400024387251, 1e-9);
  EXPECT_EQ(p.n, 8);

  const std::vector<double> c = {1, 2, 2, 3, 5, 5, 5, 8}, d = {2, 1, 3, 3, 4, 7, 6, 5};  // ties in both
  p = pearson(c, d);
  s = spearman(c, d);
  EXPECT_NEAR(p.r, 0.731671888412357, 1e-13);
  expect_rel(p.p_value, 0.03910067974639537, 1e-9);
  EXPECT_NEAR(s.r, 0.8212380317755189, 1e-13);
  expect_rel(s.p_value, 0.012434973372949876, 1e-9);
}

TEST(AnalysisStatistics, CorrelationOverHundredStepsHasTinyPValues) {
  // acc[t] = 1 − t/100 + 0.01 sin t, ent[t] = 0.02 t + 0.3 cos 3t (tight: 0.005 cos 3t), t = 0..99.
  std::vector<double> acc(100), ent(100), tight(100);
  for (int t = 0; t < 100; ++t) {
    acc[t] = 1.0 - t / 100.0 + 0.01 * std::sin(t);
    ent[t] = 0.02 * t + 0.3 * std::cos(3.0 * t);
    tight[t] = 0.02 * t + 0.005 * std::cos(3.0 * t);
  }
  Correlation p = pearson(acc, ent), s = spearman(acc, ent);
  EXPECT_NEAR(p.r, -0.9374154875369204, 1e-12);
  expect_rel(p.p_value, 1.080145258376041e-46, 1e-7);
  EXPECT_NEAR(s.r, -0.9337533753375337, 1e-12);
  expect_rel(s.p_value, 1.6033499058697517e-45, 1e-7);
  p = pearson(acc, tight);
  EXPECT_NEAR(p.r, -0.9996829054754451, 1e-12);
  expect_rel(p.p_value, 1.624419130001701e-158, 1e-6);
}

TEST(AnalysisStatistics, ConstantInputGivesNanCorrelation) {
  const Correlation c = pearson({1, 1, 1, 1}, {1, 2, 3, 4});
  EXPECT_TRUE(std::isnan(c.r));
  EXPECT_TRUE(std::isnan(c.p_value));
  EXPECT_THROW((void)pearson({1, 2}, {1, 2, 3}), Error);
}

}  // namespace
}  // namespace rbmdyn::analysis
