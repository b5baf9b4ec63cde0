#pragma once
// The fidelity table: every §9 number per cell (variant × RBM seed × classifier seed), summarised per
// variant (mean, SD, SEM across cells; the spread due to RBM seeds and to classifier seeds; the
// paired difference to the default at the same seeds), and a report that says, number by number,
// whether our default is within run-to-run spread of the paper, which named variants move it and by
// how much, and whether a variant explains the gap. `sensitivity` and `reproduce` both write it.
//
// Files (write_fidelity):
//   sensitivity.csv          tidy, one row per variant × RBM seed × classifier seed × number
//   sensitivity_summary.csv  one row per variant × number: n, mean, SD, SEM, min, max, paper,
//                            difference to the default (paired) ± SEM
//   sensitivity.json         the same plus the grid, options, timings and qualitative findings
//   fidelity.md              the report (verdict rules stated in it)
// p-values are summarised on a log10 scale (geometric means; SD in decades).
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host/analysis/paper_numbers.hpp"

namespace rbmdyn {

struct FidelityCell {
  std::string variant;
  uint64_t rbm_seed = 0;
  uint64_t classifier_seed = 0;
  std::vector<analysis::HeadlineNumber> numbers;  // §9 rows, then the classifier rows
  std::string folder;                             // the sweep folder the numbers come from
};

struct FidelityVariant {
  std::string name;
  std::string level;      // default, classifier, rbm, biasing, generation, metrics
  std::string change;     // in words
  std::string reference;  // docs/method.md section
  nlohmann::json config;  // study_config_json of the variant
};

struct FidelityInputs {
  std::string command;                    // the command that regenerates the report
  bool output_is_cache = false;           // rerunning `command` reuses the finished cells (sensitivity)
  nlohmann::json options;                 // resolved options of the run
  std::vector<FidelityVariant> variants;  // "default" first
  std::vector<FidelityCell> cells;
  nlohmann::json timings = nlohmann::json::object();
  std::string figure;        // forest plot, relative to the report ("" when not drawn)
  std::string figure_error;  // why it is missing
};

// The classifier's own numbers (§9 "Classifier") from its file's metadata: best validation accuracy
// (paper 99.3 %), test accuracy (authors' log 99.2 %), held-out non-digit accuracy (no paper value).
std::vector<analysis::HeadlineNumber> classifier_headline_numbers(const std::map<std::string, std::string>& meta);

// One variant × one number across the variant's cells. Values on the number's scale (log10 for
// p-values). rbm_sd: SD of the per-RBM-seed means; classifier_sd: mean over RBM seeds of the SD across
// classifier seeds (NaN without ≥ 2 of the kind). diff: mean of (variant − default) over cells with
// the same seeds, diff_sem its SEM (NaN for n_paired < 2).
struct MetricSummary {
  std::string variant;
  std::string id;
  bool log10 = false;
  int n = 0;
  double mean = 0, sd = 0, sem = 0, min = 0, max = 0;
  double rbm_sd = 0, classifier_sd = 0;
  double diff = 0, diff_sem = 0;
  int n_paired = 0;
};
std::vector<MetricSummary> summarize_cells(const FidelityInputs& in);

// How the default compares with the paper for one number, and which variants move it.
enum class GapVerdict { no_paper_value, one_seed, within_spread, explained, partly_explained, unexplained };
struct GapAnalysis {
  GapVerdict verdict = GapVerdict::no_paper_value;
  double gap = 0;        // default mean − paper (on the number's scale)
  double tolerance = 0;  // 2 × SD of the default across its cells
  std::vector<std::string> closers;  // variants whose mean is within their spread of the paper
  std::vector<std::string> movers;   // variants that move it significantly (|diff| > 2 SEM), with Δ
  std::string text;                  // one sentence
};
GapAnalysis analyze_gap(const std::vector<MetricSummary>& summaries, const analysis::HeadlineNumber& row,
                        const std::vector<FidelityVariant>& variants);

// The qualitative findings of §9 (report.hpp) per variant: {finding, holds in k of n cells}.
std::vector<std::pair<std::string, std::vector<std::pair<int, int>>>> qualitative_counts(const FidelityInputs& in);

std::string sensitivity_csv(const FidelityInputs& in);
std::string summary_csv(const FidelityInputs& in, const std::vector<MetricSummary>& summaries);
nlohmann::json sensitivity_json(const FidelityInputs& in, const std::vector<MetricSummary>& summaries);
std::string fidelity_markdown(const FidelityInputs& in, const std::vector<MetricSummary>& summaries);
// Writes the four files into `dir` atomically.
void write_fidelity(const std::filesystem::path& dir, const FidelityInputs& in);

}  // namespace rbmdyn
