#pragma once
// A sensitivity analysis (`rbmdyn sensitivity`): the study's sweep under a grid of named variants ×
// RBM seeds × classifier seeds (sensitivity_plan.hpp), with everything shared between variants done
// once, then the tidy table, the summary and the fidelity report (fidelity.hpp).
//
// Output folder, which is also the cache: an interrupted or repeated run reuses every finished model
// and cell and resumes an interrupted training from its checkpoint, so rerunning the same command
// only redoes what is missing (and, with everything present, just rewrites the tables and report).
//   rbms/<rbm key>.safetensors (+ .train.csv)              one per RBM config and seed
//   classifiers/<classifier key>.safetensors (+ .train.csv) one per classifier config and seed
//   cells/<chains key>/<view key>/                         a sweep folder (host/sweep/sweep_files.hpp)
//                                                          without example images
//   sensitivity.csv, sensitivity_summary.csv, sensitivity.json, fidelity.md   (fidelity.hpp)
//   forest.png, forest.pdf                                  the forest plot (scripts/plot_sensitivity.py)
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "host/reproduce/fidelity.hpp"
#include "host/reproduce/sensitivity_plan.hpp"
#include "host/runtime/cuda_math.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn {

struct SensitivityOptions {
  // grid.variants empty: every variant that applies (default_variant_names); 3 RBM × 3 classifier seeds.
  SensitivityGrid grid{StudyConfig{}, {}, {1, 2, 3}, {1, 2, 3}, false};
  std::optional<std::string> mnist;  // default: $RBMDYN_MNIST (not read for a plan)
  std::filesystem::path out = "out/sensitivity";
  Backend backend = automatic_backend();  // CUDA when a device is usable, else the CPU
  std::string classifier_arch = "auto";   // the default's classifier: paper, mid, small, or auto (paper on CUDA)
  CudaMathOptions cuda;                   // the CUDA classifiers' arithmetic
  bool progress = true;
  bool plan_only = false;  // print the plan and stop (no training, no chains)
  std::filesystem::path forest_script;  // default: default_script("plot_sensitivity.py")
  std::string command;                  // the command line that regenerates the report (recorded in it)
  // Also write the report here (e.g. docs/fidelity.md), with the forest plot copied beside it as
  // <stem>-forest.png; "" = only in `out`.
  std::filesystem::path doc;

  // Resolves "auto" (grid.base.classifier_arch) and the default variants, and checks values
  // (InputError naming the option).
  void validate();
};

struct SensitivityRun {
  SensitivityPlan plan;
  FidelityInputs fidelity;  // every cell's numbers, the grid and the timings
  double seconds = 0;
};

// Runs (or completes) the analysis and writes its tables and report into options.out (validates a copy
// of the options first).
SensitivityRun run_sensitivity(SensitivityOptions options);

// The plan as text: trainings, chain runs with their views, cells per variant, and what is cached.
std::string describe_plan(const SensitivityPlan& plan, const std::filesystem::path& out);

}  // namespace rbmdyn
