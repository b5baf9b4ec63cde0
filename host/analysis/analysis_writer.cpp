#include "host/analysis/analysis_writer.hpp"

#include <charconv>
#include <cmath>

#include "host/core/error.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/npy.hpp"
#include "host/util/run_info.hpp"

namespace rbmdyn::analysis {
namespace {

// A double for JSON: NaN and infinities become null (JSON has no NaN).
nlohmann::json number_json(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

nlohmann::json vector_json(const std::vector<double>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (double v : values) out.push_back(number_json(v));
  return out;
}

std::string csv_line(const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += ',';
    line += cells[i];
  }
  return line + '\n';
}

std::vector<std::string> metric_names() {
  std::vector<std::string> names = {"visited_states", "transitions", "changes"};
  for (int s = 0; s < kNumDigits; ++s) names.push_back("state_time_" + std::to_string(s));
  names.push_back("state_time_nondigit");
  return names;
}

std::vector<const SummaryStat*> metric_stats(const GroupSummary& g) {
  std::vector<const SummaryStat*> stats = {&g.visited, &g.runs, &g.changes};
  for (const SummaryStat& s : g.state_time) stats.push_back(&s);
  return stats;
}

// [rows, 2, n_steps] = mean, SEM per row (row = group) for a StepStatistics.
std::vector<double> mean_sem_rows(const StepStatistics& s, bool per_group) {
  std::vector<double> out;
  const int32_t rows = per_group ? s.per_group.n_groups : 1;
  for (int32_t g = 0; g < rows; ++g) {
    const std::vector<double> m = s.mean(per_group ? g : -1), e = s.sem(per_group ? g : -1);
    out.insert(out.end(), m.begin(), m.end());
    out.insert(out.end(), e.begin(), e.end());
  }
  return out;
}

nlohmann::json step_json(const StepStatistics& s) {
  return {{"ddof", s.ddof}, {"mean", vector_json(s.mean())}, {"sem", vector_json(s.sem())}};
}

}  // namespace

std::string format_number(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

std::vector<std::string> group_csv_columns() {
  std::vector<std::string> columns = {"group", "n_chains", "visited_states_max"};
  for (const std::string& m : metric_names())
    for (const char* suffix : {"_mean", "_sem", "_mean_rounded", "_sem_rounded"}) columns.push_back(m + suffix);
  return columns;
}

std::vector<std::string> group_csv_values(const GroupSummary& g) {
  std::vector<std::string> values = {std::to_string(g.group), std::to_string(g.n_chains),
                                     std::to_string(g.max_visited)};
  for (const SummaryStat* s : metric_stats(g))
    for (double x : {s->mean, s->sem, s->mean_rounded, s->sem_rounded}) values.push_back(format_number(x));
  return values;
}

nlohmann::json conventions_json() {
  return {
      {"non_digit_class", kNonDigit},
      {"visited_states", "distinct digits after removing non-digit steps (docs/method.md 7.1)"},
      {"transitions", "runs of the non-digit-free sequence: 1 + changes, 0 if never a digit (7.1, 10 #16)"},
      {"changes", "max(runs - 1, 0)"},
      {"state_time", "steps spent in each class 0..10; sums to n_steps (7.1)"},
      {"transition_matrix",
       "11x11 counts incl. self and non-digit; row-normalised, empty rows NaN and "
       "excluded from averages (7.3)"},
      {"accuracy", "pred == label, non-digit wrong; label biasing only (7.4, 10 #31)"},
      {"sem", "std(ddof)/sqrt(n)"},
      {"sem_ddof",
       {{"visited", kSemDdofVisited},
        {"runs", kSemDdofRuns},
        {"changes", kSemDdofChanges},
        {"state_time", kSemDdofStateTime},
        {"entropy", kSemDdofEntropy},
        {"active", kSemDdofActive},
        {"paper_summaries", kSemDdofPaperSummary}}},
      {"paper_rounding_decimals", kPaperTableDecimals},
      {"steps", "0-based in arrays, 1-based (paper steps) in CSV"},
  };
}

nlohmann::json summary_stat_json(const SummaryStat& s) {
  return {{"mean", number_json(s.mean)},
          {"sem", number_json(s.sem)},
          {"mean_rounded", number_json(s.mean_rounded)},
          {"sem_rounded", number_json(s.sem_rounded)},
          {"n", s.n},
          {"ddof", s.ddof}};
}

nlohmann::json group_summary_json(const GroupSummary& g) {
  nlohmann::json st = nlohmann::json::array();
  for (const SummaryStat& s : g.state_time) st.push_back(summary_stat_json(s));
  return {{"group", g.group},
          {"n_chains", g.n_chains},
          {"max_visited", g.max_visited},
          {"visited", summary_stat_json(g.visited)},
          {"runs", summary_stat_json(g.runs)},
          {"changes", summary_stat_json(g.changes)},
          {"state_time", st}};
}

nlohmann::json matrix_json(const double* values) {
  nlohmann::json rows = nlohmann::json::array();
  for (int i = 0; i < kNumStates; ++i)
    rows.push_back(vector_json(std::vector<double>(values + i * kNumStates, values + (i + 1) * kNumStates)));
  return rows;
}

nlohmann::json analysis_summary_json(const TrajectoryAnalysis& a) {
  nlohmann::json groups = nlohmann::json::array();
  for (const GroupSummary& g : a.groups) groups.push_back(group_summary_json(g));
  nlohmann::json j = {{"conventions", conventions_json()},
                      {"n_chains", a.n_chains()},
                      {"n_steps", a.n_steps()},
                      {"n_groups", a.n_groups()},
                      {"max_visited", a.pooled.max_visited},
                      {"all_chains", group_summary_json(a.pooled)},
                      {"groups", groups},
                      {"transition_probabilities_pooled", matrix_json(a.transitions.pooled_probabilities.data())},
                      {"transition_counts_pooled", a.transitions.pooled_counts}};
  if (a.accuracy) {
    nlohmann::json per_label = nlohmann::json::array();
    for (int d = 0; d < kNumDigits; ++d)
      per_label.push_back(vector_json(std::vector<double>(a.accuracy->per_label.begin() + d * a.n_steps(),
                                                          a.accuracy->per_label.begin() + (d + 1) * a.n_steps())));
    j["accuracy"] = {{"overall", vector_json(a.accuracy->overall)},
                     {"per_label", per_label},
                     {"label_sizes", a.accuracy->label_sizes}};
  }
  if (a.entropy) j["entropy"] = step_json(*a.entropy);
  if (a.active) j["active_percent"] = step_json(*a.active);
  return j;
}

void write_trajectory_analysis(const std::filesystem::path& dir, const TrajectoryAnalysis& a,
                               const nlohmann::json& inputs, const std::vector<int32_t>& step_numbers) {
  std::filesystem::create_directories(dir);
  const TrajectoryReduction& r = a.reduction;
  const int64_t n = a.n_chains(), steps = a.n_steps(), groups = a.n_groups();

  nlohmann::json summary = analysis_summary_json(a);
  summary["inputs"] = inputs;
  RBMDYN_CHECK(step_numbers.empty() || static_cast<int64_t>(step_numbers.size()) == steps, "one step number per column");
  if (!step_numbers.empty()) {
    summary["step_numbers"] = step_numbers;
    summary["step_numbers_note"] =
        "columns are these 1-based steps; runs, changes and transitions count between consecutive columns";
  }
  summary["environment"] = run_environment();
  write_text_atomically(dir / "summary.json", summary.dump(2) + "\n");

  std::string csv = csv_line(group_csv_columns());
  for (const GroupSummary& g : a.groups) csv += csv_line(group_csv_values(g));
  write_text_atomically(dir / "groups.csv", csv);

  std::vector<std::string> header = {"step"};
  if (a.accuracy) {
    header.push_back("accuracy");
    for (int d = 0; d < kNumDigits; ++d) header.push_back("accuracy_digit_" + std::to_string(d));
  }
  if (a.entropy) header.insert(header.end(), {"entropy_mean", "entropy_sem"});
  if (a.active) header.insert(header.end(), {"active_percent_mean", "active_percent_sem"});
  std::string per_step = csv_line(header);
  const std::vector<double> ent_mean = a.entropy ? a.entropy->mean() : std::vector<double>{};
  const std::vector<double> ent_sem = a.entropy ? a.entropy->sem() : std::vector<double>{};
  const std::vector<double> act_mean = a.active ? a.active->mean() : std::vector<double>{};
  const std::vector<double> act_sem = a.active ? a.active->sem() : std::vector<double>{};
  for (int64_t t = 0; t < steps; ++t) {
    std::vector<std::string> row = {std::to_string(step_numbers.empty() ? t + 1 : step_numbers[t])};
    if (a.accuracy) {
      row.push_back(format_number(a.accuracy->overall[t]));
      for (int d = 0; d < kNumDigits; ++d) row.push_back(format_number(a.accuracy->per_label[d * steps + t]));
    }
    if (a.entropy) row.insert(row.end(), {format_number(ent_mean[t]), format_number(ent_sem[t])});
    if (a.active) row.insert(row.end(), {format_number(act_mean[t]), format_number(act_sem[t])});
    per_step += csv_line(row);
  }
  write_text_atomically(dir / "per_step.csv", per_step);

  save_npy(dir / "chain_visited.npy", r.visited, {n});
  save_npy(dir / "chain_runs.npy", r.runs, {n});
  save_npy(dir / "chain_changes.npy", r.changes, {n});
  save_npy(dir / "chain_group.npy", r.chain_group, {n});
  save_npy(dir / "chain_state_time.npy", r.state_time, {n, kNumStates});
  save_npy(dir / "transition_counts.npy", a.transitions.counts, {groups, kNumStates, kNumStates});
  save_npy(dir / "transition_probabilities.npy", a.transitions.probabilities, {groups, kNumStates, kNumStates});
  save_npy(dir / "transition_counts_pooled.npy", a.transitions.pooled_counts, {kNumStates, kNumStates});
  save_npy(dir / "transition_probabilities_pooled.npy", a.transitions.pooled_probabilities, {kNumStates, kNumStates});
  if (a.accuracy) {
    save_npy(dir / "accuracy.npy", a.accuracy->overall, {steps});
    save_npy(dir / "accuracy_per_label.npy", a.accuracy->per_label, {kNumDigits, steps});
    save_npy(dir / "correct_counts.npy", r.correct, {kNumDigits, steps});
  }
  if (a.entropy) {
    save_npy(dir / "entropy_per_step.npy", mean_sem_rows(*a.entropy, false), {2, steps});
    save_npy(dir / "entropy_per_group.npy", mean_sem_rows(*a.entropy, true), {groups, 2, steps});
  }
  if (a.active) {
    save_npy(dir / "active_per_step.npy", mean_sem_rows(*a.active, false), {2, steps});
    save_npy(dir / "active_per_group.npy", mean_sem_rows(*a.active, true), {groups, 2, steps});
  }
}

}  // namespace rbmdyn::analysis
