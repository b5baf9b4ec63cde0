#include "host/analysis/trajectory_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "host/core/error.hpp"

namespace rbmdyn::analysis {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// Group summary over the chains in `chains` (ascending ids).
GroupSummary summarize_chains(const TrajectoryReduction& r, int32_t group, const std::vector<int32_t>& chains) {
  GroupSummary s;
  s.group = group;
  s.n_chains = static_cast<int64_t>(chains.size());
  std::vector<double> v, runs, changes, st(chains.size());
  v.reserve(chains.size());
  runs.reserve(chains.size());
  changes.reserve(chains.size());
  for (int32_t n : chains) {
    v.push_back(r.visited[n]);
    runs.push_back(r.runs[n]);
    changes.push_back(r.changes[n]);
    s.max_visited = std::max(s.max_visited, r.visited[n]);
  }
  s.visited = summarize(v, kSemDdofVisited);
  s.runs = summarize(runs, kSemDdofRuns);
  s.changes = summarize(changes, kSemDdofChanges);
  for (int state = 0; state < kNumStates; ++state) {
    for (std::size_t k = 0; k < chains.size(); ++k) st[k] = r.state_time_at(chains[k], state);
    s.state_time[state] = summarize(st, kSemDdofStateTime);
  }
  return s;
}

void check_steps(const StepStatistics& s, const TrajectoryReduction& r, const char* what) {
  RBMDYN_CHECK(s.overall.n_steps == r.n_steps && s.per_group.n_steps == r.n_steps,
               std::string(what) + ": step count differs from the predictions'");
  RBMDYN_CHECK(s.per_group.n_groups == r.n_groups, std::string(what) + ": group count differs");
  RBMDYN_CHECK(s.overall.count.size() == 1 && s.overall.count[0] == r.n_chains,
               std::string(what) + ": chain count differs");
}

}  // namespace

SummaryStat summarize(const std::vector<double>& values, int ddof) {
  SummaryStat s;
  const MeanSem m = mean_sem(values, ddof);
  s.mean = m.mean;
  s.sem = m.sem;
  s.n = m.n;
  s.ddof = ddof;
  s.mean_rounded = round_for_paper(m.mean);
  s.sem_rounded = round_for_paper(m.sem);
  return s;
}

std::vector<double> row_normalise(const int64_t* counts) {
  std::vector<double> p(kNumTransitions);
  for (int i = 0; i < kNumStates; ++i) {
    int64_t total = 0;
    for (int j = 0; j < kNumStates; ++j) total += counts[i * kNumStates + j];
    for (int j = 0; j < kNumStates; ++j)
      p[i * kNumStates + j] =
          total == 0 ? kNan : static_cast<double>(counts[i * kNumStates + j]) / static_cast<double>(total);
  }
  return p;
}

std::vector<double> StepStatistics::mean(int32_t g) const {
  return g < 0 ? overall.mean_row(0) : per_group.mean_row(g);
}
std::vector<double> StepStatistics::sem(int32_t g) const {
  return g < 0 ? overall.sem_row(0, ddof) : per_group.sem_row(g, ddof);
}

StepStatistics step_statistics(TrajectoryReducer& reducer, const float* values, int64_t n_chains, int64_t n_steps,
                               const ChainGrouping& grouping, int ddof) {
  StepStatistics s;
  s.ddof = ddof;
  s.overall = reducer.step_moments(values, n_chains, n_steps, std::vector<int32_t>(n_chains, 0), 1);
  s.per_group = reducer.step_moments(values, n_chains, n_steps, grouping.group, grouping.n_groups);
  return s;
}

TrajectoryAnalysis analyze_trajectories(TrajectoryReduction reduction, std::optional<StepStatistics> entropy,
                                        std::optional<StepStatistics> active) {
  TrajectoryAnalysis a;
  a.reduction = std::move(reduction);
  const TrajectoryReduction& r = a.reduction;
  const int64_t n_steps = r.n_steps;

  // Per-chain arrays are split into groups by the reduction's chain_group (ascending chain ids).
  RBMDYN_CHECK(static_cast<int64_t>(r.chain_group.size()) == r.n_chains, "reduction lacks chain groups");
  std::vector<std::vector<int32_t>> members(static_cast<std::size_t>(r.n_groups));
  std::vector<int32_t> all(static_cast<std::size_t>(r.n_chains));
  for (int64_t n = 0; n < r.n_chains; ++n) {
    members[r.chain_group[n]].push_back(static_cast<int32_t>(n));
    all[n] = static_cast<int32_t>(n);
  }
  a.pooled = summarize_chains(r, -1, all);
  for (int32_t g = 0; g < r.n_groups; ++g) a.groups.push_back(summarize_chains(r, g, members[g]));

  TransitionMatrices& tm = a.transitions;
  tm.n_groups = r.n_groups;
  tm.counts.assign(r.transitions.begin(), r.transitions.end());
  tm.pooled_counts.assign(kNumTransitions, 0);
  for (int32_t g = 0; g < r.n_groups; ++g) {
    const int64_t* counts = tm.counts.data() + static_cast<int64_t>(g) * kNumTransitions;
    for (int k = 0; k < kNumTransitions; ++k) tm.pooled_counts[k] += counts[k];
    const std::vector<double> p = row_normalise(counts);
    tm.probabilities.insert(tm.probabilities.end(), p.begin(), p.end());
  }
  tm.pooled_probabilities = row_normalise(tm.pooled_counts.data());

  if (r.has_labels()) {
    AccuracyCurves acc;
    acc.n_steps = n_steps;
    acc.label_sizes = r.label_sizes;
    acc.overall.assign(static_cast<std::size_t>(n_steps), 0.0);
    acc.per_label.assign(static_cast<std::size_t>(kNumDigits * n_steps), kNan);
    int64_t labelled = 0;
    for (int d = 0; d < kNumDigits; ++d) labelled += r.label_sizes[d];
    for (int64_t t = 0; t < n_steps; ++t) {
      int64_t correct = 0;
      for (int d = 0; d < kNumDigits; ++d) {
        const int64_t c = r.correct[d * n_steps + t];
        correct += c;
        if (r.label_sizes[d] > 0)
          acc.per_label[d * n_steps + t] = static_cast<double>(c) / static_cast<double>(r.label_sizes[d]);
      }
      acc.overall[t] = static_cast<double>(correct) / static_cast<double>(labelled);
    }
    a.accuracy = std::move(acc);
  }
  if (entropy) check_steps(*entropy, r, "entropy");
  if (active) check_steps(*active, r, "% active");
  a.entropy = std::move(entropy);
  a.active = std::move(active);
  return a;
}

TrajectoryAnalysis analyze_trajectories(const uint8_t* pred, int64_t n_chains, int64_t n_steps,
                                        const ChainGrouping& grouping, const float* entropy, const float* active,
                                        const std::string& source) {
  grouping.validate(source);
  if (grouping.n_chains() != n_chains)
    fail_input(source + ": " + std::to_string(n_chains) + " chains but the grouping has " +
               std::to_string(grouping.n_chains()));
  const auto reducer = make_trajectory_reducer_cpu();
  TrajectoryReduction r = reducer->reduce(pred, n_chains, n_steps, grouping, source);
  std::optional<StepStatistics> e, h;
  if (entropy) e = step_statistics(*reducer, entropy, n_chains, n_steps, grouping, kSemDdofEntropy);
  if (active) h = step_statistics(*reducer, active, n_chains, n_steps, grouping, kSemDdofActive);
  return analyze_trajectories(std::move(r), std::move(e), std::move(h));
}

}  // namespace rbmdyn::analysis
