#pragma once
// The headline numbers of method.md §9, computed from our analyses with the conventions of §7.7, each
// next to the paper's value, for a paper / ours / difference report (JSON and a Markdown table).
//
// Inputs are TrajectoryAnalysis results (trajectory_analysis.hpp):
//   label_biasing  10 groups, group d = digit d, with labels (accuracy), entropy and % active
//                  (rows that need a missing piece are kept with ours = NaN and a note saying why);
//   intersection   45 groups, one per pair, in digit_pairs() order ((0,1), (0,2), …, (8,9); host/core/study.hpp);
//   double_lb      45 groups, the same order.
// Any of the three may be absent (nullptr): its rows are kept with ours = NaN.
//
// §7.7 conventions used: LB summaries are mean ± SEM (ddof 0) over the 10 per-digit group means, each
// rounded to 2 decimals first (visited, transitions = runs, non-digit time; digits 1–9 for the 76.099
// figure); % active uses the unrounded per-digit means at step 1 and step 100; the transition-matrix
// numbers use the pooled LB matrix (diagonal 0–9, n = 10; all 110 off-diagonal entries, NaN excluded);
// chimera summaries are over the 45 rounded per-pair means; Mann–Whitney is one-sided with SciPy's
// defaults (method 'auto' → asymptotic with tie and continuity correction at these sizes) against the
// 10 rounded LB per-digit means (non-digit time also against digits 1–9, the secondary variant);
// correlations are Pearson (primary) and Spearman (secondary).
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/analysis/trajectory_analysis.hpp"

namespace rbmdyn::analysis {

struct HeadlineNumber {
  std::string id;       // stable key, e.g. "lb_visited_states"
  std::string name;     // what it is, as the paper says it
  double paper = kNaN;  // the paper's value (§9) in `units`; NaN when the paper states no number
  double paper_sem = kNaN;
  std::string paper_text;  // the paper's statement when it is not (only) a number, e.g. "≈ 1"
  double ours = kNaN;      // NaN when our inputs lack what it needs (see notes)
  double ours_sem = kNaN;
  double p_value = kNaN;    // for correlations: the two-sided p of ours
  int64_t n = 0;            // sample size behind ours (0 = not applicable)
  std::string units;        // "%", "steps", or "" for ratios, counts, p-values, ρ
  bool scientific = false;  // p-values: print as 1.234e-05
  int decimals = 3;         // fixed-point decimals in the Markdown table otherwise
  std::string notes;        // convention and method.md reference

  double difference() const { return ours - paper; }
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
};

struct PaperInputs {
  const TrajectoryAnalysis* label_biasing = nullptr;
  const TrajectoryAnalysis* intersection = nullptr;
  const TrajectoryAnalysis* double_lb = nullptr;
  int64_t n_hidden = 1000;  // for k = floor(n_hidden × mean fraction active at step 1) (§5.1)
};

// Every §9 number, in the order of §9. Throws Error when an analysis given has the wrong group count
// (10 for label biasing, 45 for a chimera method) or label biasing has no labels.
std::vector<HeadlineNumber> paper_numbers(const PaperInputs& inputs);

// A value of `h` as the tables print it: fixed decimals or scientific (p-values); "—" for NaN.
std::string format_headline_value(double x, const HeadlineNumber& h);

nlohmann::json paper_numbers_json(const std::vector<HeadlineNumber>& rows);
// One row per number: | number | paper | ours | difference | n | notes |.
std::string paper_numbers_markdown(const std::vector<HeadlineNumber>& rows);
// Writes dir/paper_numbers.json and dir/paper_numbers.md atomically.
void write_paper_numbers(const std::filesystem::path& dir, const std::vector<HeadlineNumber>& rows);

}  // namespace rbmdyn::analysis
