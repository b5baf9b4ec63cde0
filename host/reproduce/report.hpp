#pragma once
// The reproduction report: every §9 headline number per seed and across seeds (mean, SD, range), with
// the paper's value and the difference, the qualitative findings of §9 checked per seed, and what was
// trained (RBM errors, classifier accuracies), as Markdown and JSON.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "host/analysis/paper_numbers.hpp"

namespace rbmdyn {

struct SeedOutcome {
  uint64_t seed = 0;
  std::vector<analysis::HeadlineNumber> numbers;          // the sweep's §9 rows
  std::vector<analysis::HeadlineNumber> k149_numbers;     // the k = 149 control, when run
  int k = 0;                                              // k of the sweep (rule or override)
  nlohmann::json rbm;                                     // file, epochs, final errors
  std::filesystem::path sweep;
  double seconds = 0;
};

struct ReportInputs {
  nlohmann::json options;     // resolved reproduce options
  nlohmann::json classifier;  // file, arch, accuracies
  std::vector<SeedOutcome> seeds;
  std::vector<std::string> figures;  // written figure files, relative to the report
  std::string figures_error;         // why figures are missing, if they are
  double seconds = 0;
};

// A headline number across seeds: mean, sample SD (ddof 1; 0 for one seed), min, max, over the seeds
// where it is defined.
struct AcrossSeeds {
  double mean = 0, sd = 0, min = 0, max = 0;
  int n = 0;
};
AcrossSeeds across_seeds(const std::vector<SeedOutcome>& seeds, const std::string& id);

// The qualitative findings of §9 for one seed's numbers: {description, holds}.
std::vector<std::pair<std::string, bool>> qualitative_checks(const std::vector<analysis::HeadlineNumber>& numbers);

std::string report_markdown(const ReportInputs& in);
nlohmann::json report_json(const ReportInputs& in);
void write_report(const std::filesystem::path& dir, const ReportInputs& in);

}  // namespace rbmdyn
