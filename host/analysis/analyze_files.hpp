#pragma once
// `rbmdyn analyze`: the generativity metrics of docs/method.md §7 for predictions made elsewhere (NPY files,
// analysis_inputs.hpp), computed by the same code as the sweep's and written as JSON, CSV and NPY
// (analysis_writer.hpp).
#include <cstdint>
#include <filesystem>
#include <optional>

#include "host/analysis/trajectory_analysis.hpp"

namespace rbmdyn::analysis {

struct AnalyzeJob {
  std::filesystem::path pred;  // integer NPY [chains, steps] or [vectors, chains, steps]; 0..9, 10 = non-digit
  std::optional<std::filesystem::path> labels;  // label per chain (label biasing; enables accuracy)
  bool label_biasing = false;                   // label of each chain = its group (group d biased to digit d)
  std::optional<std::filesystem::path> groups;  // group id per chain
  int64_t chains_per_group = 0;                 // consecutive chains per group; 0 = one group
  std::optional<std::filesystem::path> entropy;  // float NPY like pred
  std::optional<std::filesystem::path> active;   // % active hidden units, float NPY like pred
  // 1-based step number of each pred column, integer NPY [steps] (default: kept_steps.npy beside pred
  // when there is one, as `generate` and `classify` write; else 1..steps). With it, entropy / active
  // files that hold every step (generate's activity.npy) are reduced to the kept steps.
  std::optional<std::filesystem::path> steps;
  std::filesystem::path out;
};

// InputError naming the option or file for inconsistent options or bad files.
TrajectoryAnalysis analyze_files(const AnalyzeJob& job);

}  // namespace rbmdyn::analysis
