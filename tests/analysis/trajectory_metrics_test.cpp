// Golden trajectories for every convention of method.md §7 (conventions.hpp): expected values are
// worked out by hand in the comments, never taken from the code under test.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <vector>

#include "host/analysis/trajectory_analysis.hpp"
#include "host/core/error.hpp"

namespace rbmdyn::analysis {
namespace {

constexpr uint8_t ND = kNonDigit;
constexpr int64_t kSteps = 6;

// Six hand-made chains of 6 steps; chains 0–2 are group 0 (label 3), chains 3–5 group 1 (label 1).
const std::vector<uint8_t> kPred = {
    3,  3,  3,  3,  3,  3,   // 0: one digit throughout            V 1, R 1
    3,  ND, ND, 3,  3,  3,   // 1: 3 → ND → 3 is one run            V 1, R 1
    3,  ND, 5,  5,  5,  5,   // 2: 3 → ND → 5 counts                V 2, R 2
    ND, ND, ND, ND, ND, ND,  // 3: never a digit                    V 0, R 0
    1,  2,  1,  2,  ND, 1,   // 4: runs 1,2,1,2,1                   V 2, R 5
    ND, ND, 7,  7,  ND, 8,   // 5: leading non-digit                V 2, R 2
};

ChainGrouping golden_grouping() {
  ChainGrouping g = contiguous_grouping(2, 3);
  g.label = {3, 3, 3, 1, 1, 1};
  return g;
}

int64_t at(int i, int j) {
  return i * kNumStates + j;
}

TEST(AnalysisTrajectoryMetrics, PerChainConventions) {
  const TrajectoryReduction r = make_trajectory_reducer_cpu()->reduce(kPred.data(), 6, kSteps, golden_grouping());
  EXPECT_EQ(r.visited, (std::vector<int32_t>{1, 1, 2, 0, 2, 2}));
  EXPECT_EQ(r.runs, (std::vector<int32_t>{1, 1, 2, 0, 5, 2}));
  EXPECT_EQ(r.changes, (std::vector<int32_t>{0, 0, 1, 0, 4, 1}));
  // State time is occupancy including non-digit; every row sums to the step count.
  EXPECT_EQ(r.state_time_at(0, 3), 6);
  EXPECT_EQ(r.state_time_at(1, 3), 4);
  EXPECT_EQ(r.state_time_at(1, ND), 2);
  EXPECT_EQ(r.state_time_at(3, ND), 6);
  EXPECT_EQ(r.state_time_at(4, 1), 3);
  EXPECT_EQ(r.state_time_at(4, 2), 2);
  for (int64_t n = 0; n < 6; ++n) {
    int sum = 0;
    for (int s = 0; s < kNumStates; ++s) sum += r.state_time_at(n, s);
    EXPECT_EQ(sum, kSteps) << "chain " << n;
  }
}

TEST(AnalysisTrajectoryMetrics, TransitionCountsAndNanRows) {
  const TrajectoryAnalysis a = analyze_trajectories(kPred.data(), 6, kSteps, golden_grouping());
  const TransitionMatrices& m = a.transitions;
  // Group 0: 3→3 ×(5 + 2), 3→ND ×2, ND→ND, ND→3, ND→5, 5→5 ×3 (15 = 3 chains × 5 transitions).
  std::vector<int64_t> g0(kNumTransitions, 0);
  g0[at(3, 3)] = 7;
  g0[at(3, ND)] = 2;
  g0[at(ND, ND)] = 1;
  g0[at(ND, 3)] = 1;
  g0[at(ND, 5)] = 1;
  g0[at(5, 5)] = 3;
  EXPECT_EQ(std::vector<int64_t>(m.counts.begin(), m.counts.begin() + kNumTransitions), g0);
  // Group 1: ND→ND ×(5 + 1), 1→2 ×2, 2→1, 2→ND, ND→1, ND→7, 7→7, 7→ND, ND→8.
  const int64_t* g1 = m.counts.data() + kNumTransitions;
  EXPECT_EQ(g1[at(ND, ND)], 6);
  EXPECT_EQ(g1[at(1, 2)], 2);
  EXPECT_EQ(g1[at(2, 1)], 1);
  EXPECT_EQ(g1[at(ND, 8)], 1);
  int64_t total = 0;
  for (int k = 0; k < kNumTransitions; ++k) total += g1[k];
  EXPECT_EQ(total, 15);

  // Row-normalised: row 3 of group 0 is 7/9, 2/9; rows never left are NaN (0/0), not 0.
  const double* p0 = m.probabilities.data();
  EXPECT_DOUBLE_EQ(p0[at(3, 3)], 7.0 / 9.0);
  EXPECT_DOUBLE_EQ(p0[at(3, ND)], 2.0 / 9.0);
  EXPECT_DOUBLE_EQ(p0[at(3, 0)], 0.0);
  EXPECT_DOUBLE_EQ(p0[at(ND, 5)], 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(p0[at(5, 5)], 1.0);
  for (int j = 0; j < kNumStates; ++j) EXPECT_TRUE(std::isnan(p0[at(0, j)])) << j;
  // Pooled: the non-digit row has 1 + 6 self-transitions out of 3 + 9 = 12.
  EXPECT_EQ(m.pooled_counts[at(ND, ND)], 7);
  EXPECT_DOUBLE_EQ(m.pooled_probabilities[at(ND, ND)], 7.0 / 12.0);
  EXPECT_TRUE(std::isnan(m.pooled_probabilities[at(9, 9)]));
}

TEST(AnalysisTrajectoryMetrics, GroupSummariesUsePerMetricDdofAndRounding) {
  const TrajectoryAnalysis a = analyze_trajectories(kPred.data(), 6, kSteps, golden_grouping());
  ASSERT_EQ(a.groups.size(), 2u);
  const GroupSummary& g0 = a.groups[0];
  EXPECT_EQ(g0.n_chains, 3);
  // V = 1, 1, 2: mean 4/3; np.std (ddof 0) = √(2/9); SEM = √(2/9)/√3 = 0.2722 → 0.27.
  EXPECT_DOUBLE_EQ(g0.visited.mean, 4.0 / 3.0);
  EXPECT_NEAR(g0.visited.sem, std::sqrt(2.0 / 9.0) / std::sqrt(3.0), 1e-15);
  EXPECT_DOUBLE_EQ(g0.visited.mean_rounded, 1.33);
  EXPECT_DOUBLE_EQ(g0.visited.sem_rounded, 0.27);
  EXPECT_EQ(g0.visited.ddof, 0);
  // Non-digit time 0, 2, 1: mean 1; torch.std (ddof 1) = 1; SEM = 1/√3 = 0.577 → 0.58.
  EXPECT_DOUBLE_EQ(g0.state_time[ND].mean, 1.0);
  EXPECT_NEAR(g0.state_time[ND].sem, 1.0 / std::sqrt(3.0), 1e-15);
  EXPECT_DOUBLE_EQ(g0.state_time[ND].sem_rounded, 0.58);
  EXPECT_EQ(g0.state_time[ND].ddof, 1);
  // Group 1: R = 0, 5, 2 → mean 7/3 = 2.333 → 2.33; changes 0, 4, 1 → 5/3.
  EXPECT_DOUBLE_EQ(a.groups[1].runs.mean_rounded, 2.33);
  EXPECT_DOUBLE_EQ(a.groups[1].changes.mean, 5.0 / 3.0);
  EXPECT_EQ(a.groups[1].max_visited, 2);
  // Pooled over all 6 chains: V mean 8/6.
  EXPECT_DOUBLE_EQ(a.pooled.visited.mean, 8.0 / 6.0);
  EXPECT_EQ(a.pooled.n_chains, 6);
}

TEST(AnalysisTrajectoryMetrics, AccuracyPerStepAndLabel) {
  const TrajectoryAnalysis a = analyze_trajectories(kPred.data(), 6, kSteps, golden_grouping());
  ASSERT_TRUE(a.accuracy.has_value());
  // Label 3 (chains 0–2) correct per step: 3,1,1,2,2,2; label 1 (chains 3–5): 1,0,1,0,0,1.
  const std::vector<double> overall = {4 / 6.0, 1 / 6.0, 2 / 6.0, 2 / 6.0, 2 / 6.0, 3 / 6.0};
  for (int t = 0; t < kSteps; ++t) {
    EXPECT_DOUBLE_EQ(a.accuracy->overall[t], overall[t]) << t;
    EXPECT_TRUE(std::isnan(a.accuracy->per_label[0 * kSteps + t]));  // no chain has label 0
  }
  EXPECT_DOUBLE_EQ(a.accuracy->per_label[3 * kSteps + 0], 1.0);
  EXPECT_DOUBLE_EQ(a.accuracy->per_label[3 * kSteps + 1], 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(a.accuracy->per_label[1 * kSteps + 5], 1.0 / 3.0);
  // Chimeras have no label, hence no accuracy at all (§10 #31).
  const TrajectoryAnalysis c = analyze_trajectories(kPred.data(), 6, kSteps, contiguous_grouping(2, 3));
  EXPECT_FALSE(c.accuracy.has_value());
}

TEST(AnalysisTrajectoryMetrics, StepStatisticsMeanAndSem) {
  // values[n, t] = n + 0.5 t: in group 0 (chains 0,1,2) at any t the values are x, x+1, x+2 → mean x+1,
  // ddof-1 SEM = 1/√3; over all 6 chains mean 2.5 + 0.5 t, ddof-1 std = √3.5.
  std::vector<float> values(6 * kSteps);
  for (int n = 0; n < 6; ++n)
    for (int t = 0; t < kSteps; ++t) values[n * kSteps + t] = static_cast<float>(n + 0.5 * t);
  const TrajectoryAnalysis a =
      analyze_trajectories(kPred.data(), 6, kSteps, golden_grouping(), values.data(), values.data());
  ASSERT_TRUE(a.entropy && a.active);
  EXPECT_DOUBLE_EQ(a.entropy->mean(0)[2], 2.0);
  EXPECT_DOUBLE_EQ(a.entropy->mean(1)[2], 5.0);
  EXPECT_NEAR(a.entropy->sem(0)[2], 1.0 / std::sqrt(3.0), 1e-15);
  EXPECT_DOUBLE_EQ(a.entropy->mean()[4], 4.5);
  EXPECT_NEAR(a.active->sem()[4], std::sqrt(3.5) / std::sqrt(6.0), 1e-14);
}

TEST(AnalysisTrajectoryMetrics, RejectsBadInputNamingIt) {
  std::vector<uint8_t> bad = kPred;
  bad[2 * kSteps + 4] = 11;
  try {
    (void)analyze_trajectories(bad.data(), 6, kSteps, golden_grouping(), nullptr, nullptr, "run/pred.npy");
    FAIL() << "accepted class 11";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("run/pred.npy"), std::string::npos) << what;
    EXPECT_NE(what.find("chain 2, step 4"), std::string::npos) << what;
  }
  ChainGrouping g = golden_grouping();
  g.label[4] = 10;
  EXPECT_THROW(g.validate("labels.npy"), InputError);
  g = golden_grouping();
  g.group[5] = 2;
  EXPECT_THROW(g.validate("groups.npy"), InputError);
  g = golden_grouping();
  g.n_groups = 3;  // group 2 has no chain
  EXPECT_THROW(g.validate("groups.npy"), InputError);
}

// An independent reference, written as the spec reads: delete the 10s, count distinct digits and runs.
TEST(AnalysisTrajectoryMetrics, RandomTrajectoriesMatchSpecReference) {
  const int64_t chains = 60, steps = 40;
  std::vector<uint8_t> pred(chains * steps);
  uint32_t state = 12345u;
  for (auto& p : pred) {
    state = state * 1664525u + 1013904223u;
    const uint32_t u = state >> 24;
    p = static_cast<uint8_t>(u < 90 ? ND : u % 11);  // non-digit-heavy, like the study
  }
  const TrajectoryAnalysis a = analyze_trajectories(pred.data(), chains, steps, contiguous_grouping(4, 15));
  int64_t transitions = 0;
  for (int64_t k : a.transitions.pooled_counts) transitions += k;
  EXPECT_EQ(transitions, chains * (steps - 1));
  for (int64_t n = 0; n < chains; ++n) {
    std::vector<uint8_t> d;
    for (int64_t t = 0; t < steps; ++t)
      if (pred[n * steps + t] != ND) d.push_back(pred[n * steps + t]);
    const std::set<uint8_t> distinct(d.begin(), d.end());
    int32_t runs = d.empty() ? 0 : 1;
    for (std::size_t i = 1; i < d.size(); ++i) runs += d[i] != d[i - 1] ? 1 : 0;
    EXPECT_EQ(a.reduction.visited[n], static_cast<int32_t>(distinct.size())) << n;
    EXPECT_EQ(a.reduction.runs[n], runs) << n;
    EXPECT_GE(a.reduction.runs[n], a.reduction.visited[n]);
  }
}

}  // namespace
}  // namespace rbmdyn::analysis
