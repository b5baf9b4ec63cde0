#pragma once
// Writes a TrajectoryAnalysis into an output folder as files readable without this project (JSON,
// CSV, NPY). Every file is written atomically. Steps in CSV files are 1-based (paper steps); array
// axes are 0-based. NaN (an empty transition row, a label without chains) is `null` in JSON and `nan`
// in CSV.
//
//   summary.json                       conventions, counts, pooled and per-group summaries (full precision
//                                      and rounded to 2 decimals), pooled transition matrix, accuracy and
//                                      per-step curves, the caller's `inputs`, the run environment
//   groups.csv                         one row per group: group_csv_columns()
//   per_step.csv                       step, accuracy, accuracy_digit_0..9 (labels only), entropy_mean/_sem,
//                                      active_percent_mean/_sem (when given), over all chains
//   chain_visited.npy, chain_runs.npy, chain_changes.npy, chain_group.npy   int32 [n_chains]
//   chain_state_time.npy               int32 [n_chains, 11]
//   transition_counts.npy              int64 [n_groups, 11, 11]; transition_probabilities.npy float64 (NaN rows)
//   transition_counts_pooled.npy       int64 [11, 11]; transition_probabilities_pooled.npy float64 [11, 11]
//   accuracy.npy                       float64 [n_steps]; accuracy_per_label.npy float64 [10, n_steps];
//                                      correct_counts.npy int32 [10, n_steps] (labels only)
//   entropy_per_step.npy               float64 [2, n_steps] mean, SEM over all chains (when given)
//   entropy_per_group.npy              float64 [n_groups, 2, n_steps]
//   active_per_step.npy, active_per_group.npy   the same for % active hidden units (when given)
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/analysis/trajectory_analysis.hpp"

namespace rbmdyn::analysis {

// Shortest decimal that reads back as the same double; "nan" for NaN, "inf"/"-inf".
std::string format_number(double x);

// The per-group CSV (docs/outputs.md): group, n_chains, visited_states_max, then for each metric in
// visited_states, transitions (runs), changes, state_time_0 … state_time_9, state_time_nondigit:
// <m>_mean, <m>_sem (full precision), <m>_mean_rounded, <m>_sem_rounded (2 decimals, docs/method.md §7.2).
// The sweep reuses these and prefixes its own columns (vector, set, name, digit_a, digit_b).
std::vector<std::string> group_csv_columns();
std::vector<std::string> group_csv_values(const GroupSummary& summary);

nlohmann::json conventions_json();
nlohmann::json summary_stat_json(const SummaryStat& stat);
nlohmann::json group_summary_json(const GroupSummary& summary);
// An 11×11 matrix as nested rows (NaN → null).
nlohmann::json matrix_json(const double* values);
// Everything of summary.json except `inputs` and `environment`.
nlohmann::json analysis_summary_json(const TrajectoryAnalysis& analysis);

// Writes the files listed above into `dir` (created if needed). `inputs` describes where the data came
// from (paths, shapes, options) and is stored under "inputs" in summary.json. `step_numbers` are the
// 1-based steps of the columns when they are not 1..n_steps (e.g. generate's kept steps): per_step.csv's
// step column and summary.json's "step_numbers" then give them.
void write_trajectory_analysis(const std::filesystem::path& dir, const TrajectoryAnalysis& analysis,
                               const nlohmann::json& inputs, const std::vector<int32_t>& step_numbers = {});

}  // namespace rbmdyn::analysis
