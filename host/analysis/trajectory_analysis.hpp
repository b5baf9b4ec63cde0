#pragma once
// From a TrajectoryReduction (and optional per-step entropy and % active moments) to what the study
// reports per group (method.md §7.2–7.6): group means ± SEM at full precision and rounded for the paper
// table, transition matrices per group and pooled, per-step accuracy, and per-step entropy / % active.
// The conventions (ddof per metric, rounding, NaN rows) come from conventions.hpp.
//
// Typical use: analyze_trajectories(reducer.reduce(pred, ...), step_statistics(reducer, entropy, ...), ...)
// with a TrajectoryReducer on the CPU (files) or CUDA (the device-resident arrays of a sweep).
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "host/analysis/conventions.hpp"
#include "host/analysis/statistics.hpp"
#include "host/analysis/trajectory_reduction.hpp"

namespace rbmdyn::analysis {

// A mean ± SEM over n values with the given ddof, and the same rounded to 2 decimals (§7.2, §10 #27).
struct SummaryStat {
  double mean = 0.0;
  double sem = 0.0;
  double mean_rounded = 0.0;  // round_for_paper(mean): what enters across-group aggregates of §7.7
  double sem_rounded = 0.0;
  int64_t n = 0;
  int ddof = 0;
};
SummaryStat summarize(const std::vector<double>& values, int ddof);

// §7.2 for one group (one biasing vector), or for all chains pooled (group = −1; §10 #26's
// per-trajectory SEM).
struct GroupSummary {
  int32_t group = 0;
  int64_t n_chains = 0;
  SummaryStat visited;                             // ddof kSemDdofVisited
  SummaryStat runs;                                // ddof kSemDdofRuns
  SummaryStat changes;                             // ddof kSemDdofChanges
  std::array<SummaryStat, kNumStates> state_time;  // ddof kSemDdofStateTime; [10] = non-digit
  int32_t max_visited = 0;
};

// §7.3: counts and row-normalised probabilities, 11×11 row-major (row = from, column = to).
struct TransitionMatrices {
  int32_t n_groups = 0;
  std::vector<int64_t> counts;               // [n_groups, 11, 11]
  std::vector<double> probabilities;         // [n_groups, 11, 11]; empty rows NaN
  std::vector<int64_t> pooled_counts;        // [11, 11], all chains of all groups
  std::vector<double> pooled_probabilities;  // [11, 11]; empty rows NaN
};
// P[i, :] = M[i, :] / Σ_j M[i, j] for one 11×11 matrix; a row without counts is NaN.
std::vector<double> row_normalise(const int64_t* counts);

// §7.4 (label biasing only).
struct AccuracyCurves {
  int64_t n_steps = 0;
  std::vector<double> overall;       // [n_steps] acc[t] = correct / labelled chains
  std::vector<double> per_label;     // [10, n_steps] acc_d[d, t]; NaN for a label without chains
  std::vector<int64_t> label_sizes;  // [10]
};

// Per-step mean ± SEM of a float quantity over all chains and within each group.
struct StepStatistics {
  int ddof = 1;
  StepMoments overall;                             // one group: all chains
  StepMoments per_group;                           // grouping's groups
  std::vector<double> mean(int32_t g = -1) const;  // [n_steps]; g = −1: all chains
  std::vector<double> sem(int32_t g = -1) const;   // [n_steps]
};
// values [n_chains, n_steps] in the reducer's memory space (finite values expected; the caller validates
// files).
StepStatistics step_statistics(TrajectoryReducer& reducer, const float* values, int64_t n_chains, int64_t n_steps,
                               const ChainGrouping& grouping, int ddof);

struct TrajectoryAnalysis {
  TrajectoryReduction reduction;
  GroupSummary pooled;               // all chains, group = −1
  std::vector<GroupSummary> groups;  // [n_groups]
  TransitionMatrices transitions;
  std::optional<AccuracyCurves> accuracy;  // only when the chains have labels
  std::optional<StepStatistics> entropy;   // §7.6, ddof kSemDdofEntropy
  std::optional<StepStatistics> active;    // §7.5, % active hidden, ddof kSemDdofActive
  int64_t n_chains() const { return reduction.n_chains; }
  int64_t n_steps() const { return reduction.n_steps; }
  int32_t n_groups() const { return reduction.n_groups; }
};

// Everything above from the reduction. The step statistics, when given, must have the reduction's
// chain/step/group counts (Error otherwise).
TrajectoryAnalysis analyze_trajectories(TrajectoryReduction reduction, std::optional<StepStatistics> entropy = {},
                                        std::optional<StepStatistics> active = {});

// CPU convenience for arrays in host memory: pred [n_chains, n_steps]; entropy and active optional
// (nullptr) [n_chains, n_steps]. InputError naming `source` for bad predictions.
TrajectoryAnalysis analyze_trajectories(const uint8_t* pred, int64_t n_chains, int64_t n_steps,
                                        const ChainGrouping& grouping, const float* entropy = nullptr,
                                        const float* active = nullptr, const std::string& source = "pred");

}  // namespace rbmdyn::analysis
