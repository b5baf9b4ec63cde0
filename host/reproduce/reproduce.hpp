#pragma once
// The whole study end to end (docs/method.md §11): train (or reuse) the RBM and the classifier, derive the
// biasing vectors, run the sweep of all 100 vectors × chains × steps with per-step classification and
// metrics, repeat over seeds, draw every figure of §8 and write a report comparing each §9 number with
// the paper's. Each stage writes its own files into the output folder, so any stage can be inspected or
// rerun alone with the matching subcommand.
//
//   out/classifier.safetensors (+ .train.csv)     unless `classifier` is given
//   out/seed-<s>/rbm.safetensors (+ .train.csv)   unless `rbm` is given (then shared by all seeds)
//   out/seed-<s>/sweep/                           the sweep folder (host/sweep/sweep_files.hpp)
//   out/seed-<s>/sweep-k149/                      chimera control with the paper's k = 149 (full runs,
//                                                 when the rule gives another k; docs/method.md §5.1 [D])
//   out/figures/                                  Fig. 2 and 3 panels from the first seed (PNG, PDF)
//   out/report.md, out/report.json                per seed and across seeds: paper, ours, difference
//   out/stages/<stage>.json                       what each stage was made from and wrote (stage_record.hpp)
//   out/fidelity.md, out/sensitivity*.{csv,json}  the fidelity table of `sensitivity` (fidelity.hpp) for
//                                                 the seeds run (variant "default"; "k-149" for the
//                                                 control), with the forest plot out/forest.png
//
// Seeds run side by side where the device has memory for them (seed_parallelism.hpp; one at a time
// on the CPU); results do not depend on how many run at once.
//
// Resumable: rerun the same command after an interruption (SIGINT, SIGTERM, SIGKILL) and the stages whose
// record shows the same inputs and unchanged outputs are skipped (classifier, RBM per seed, figures; a
// sweep folder is reused when its config.json records the same options, models and biasing vectors);
// a training stage that was interrupted resumes from its checkpoint, anything else restarts. The
// biasing vectors are derived again each run (seconds; deterministic). The final files equal those of
// an uninterrupted run byte for byte except the timing and run-record fields: JSON keys `seconds`,
// `timings`, `environment`, the `seconds` column of *.train.csv, report.md's header line and total
// time (tests/cli/resume_test.py).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "host/reproduce/study_config.hpp"
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
  // The study's choices (study_config.hpp; defaults = the authors' code); study.quick selects the
  // small configuration (CI: a few minutes on 2 CPU cores). study.classifier_arch is set by validate().
  StudyConfig study;
  bool tiny = false;           // for tests of the pipeline only (sets study.tiny, which implies quick; 1 epoch
                               // each, 3 chains per vector; ≈ 20 s on 2 cores): its numbers mean nothing
  Backend backend = automatic_backend();  // CUDA when a device is usable, else the CPU
  std::string classifier_arch = "auto";  // paper, mid, small, or auto (paper on CUDA, small on the CPU)
  CudaMathOptions cuda;        // the CUDA classifier's arithmetic
  bool k_control = true;       // also run the chimeras with k = 149 when the rule gives another k
  bool figures = true;
  std::filesystem::path plot_script;  // default: <source>/scripts/plot_figures.py
  bool progress = true;
  int parallel_seeds = 0;      // seeds at once; 0 = as many as device memory allows (1 on the CPU)
  std::string command;         // the command line, recorded in fidelity.md

  // Resolves "auto" and checks values (InputError naming the option).
  void validate();
};

struct ReproduceResult {
  std::filesystem::path report;
  std::filesystem::path fidelity;
  std::vector<std::filesystem::path> sweeps;  // one per seed
  bool figures_written = false;
  double seconds = 0;
};

ReproduceResult reproduce(ReproduceOptions options);

}  // namespace rbmdyn
