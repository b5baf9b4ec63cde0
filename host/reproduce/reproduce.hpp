#pragma once
// The whole study end to end (method.md §11): train (or reuse) the RBM and the classifier, derive the
// biasing vectors, run the sweep of all 100 vectors × chains × steps with per-step classification and
// metrics, repeat over seeds, draw every figure of §8 and write a report comparing each §9 number with
// the paper's. Each stage writes its own files into the output folder, so any stage can be inspected or
// rerun alone with the matching subcommand.
//
//   out/classifier.safetensors (+ .train.csv)     unless `classifier` is given
//   out/seed-<s>/rbm.safetensors (+ .train.csv)   unless `rbm` is given (then shared by all seeds)
//   out/seed-<s>/sweep/                           the sweep folder (host/sweep/sweep_files.hpp)
//   out/seed-<s>/sweep-k149/                      chimera control with the paper's k = 149 (full runs,
//                                                 when the rule gives another k; method.md §5.1 [D])
//   out/figures/                                  Fig. 2 and 3 panels from the first seed (PNG, PDF)
//   out/report.md, out/report.json                per seed and across seeds: paper, ours, difference
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "host/runtime/cuda_math.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn {

struct ReproduceOptions {
  std::optional<std::string> mnist;                 // default: $RBMDYN_MNIST
  std::filesystem::path out = "out/reproduce";
  std::optional<std::filesystem::path> rbm;         // reuse this RBM for every seed
  std::optional<std::filesystem::path> classifier;  // reuse this classifier
  uint64_t seed = 1;
  int seeds = 1;               // seeds seed, seed+1, ...: RBM, readout and chains differ per seed
  bool quick = false;          // the small configuration (CI: a few minutes on 2 CPU cores)
  Backend backend = automatic_backend();  // CUDA when a device is usable, else the CPU
  std::string classifier_arch = "auto";  // paper, small, or auto (paper on CUDA, small on the CPU)
  CudaMathOptions cuda;        // the CUDA classifier's arithmetic
  bool k_control = true;       // also run the chimeras with k = 149 when the rule gives another k
  bool figures = true;
  std::filesystem::path plot_script;  // default: <source>/scripts/plot_figures.py
  bool progress = true;

  // Resolves "auto" and checks values (InputError naming the option).
  void validate();
};

struct ReproduceResult {
  std::filesystem::path report;
  std::vector<std::filesystem::path> sweeps;  // one per seed
  bool figures_written = false;
  double seconds = 0;
};

ReproduceResult reproduce(ReproduceOptions options);

}  // namespace rbmdyn
