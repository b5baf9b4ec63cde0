#pragma once
// The deep-model study (dbn.md §8, §10): the single RBM of docs/method.md, the iDBN and (optionally) the
// gDBN and the control of dbn.md §9 #5 (`rbm-dbn`: a 784-<top> RBM trained, biased and sampled with the DBN
// recipe, which separates depth from recipe), each trained (or reused), biased at its top layer (§4), swept through the same classifier,
// metrics and statistics as the RBM study (100 vectors × chains × steps), then the across-model table of
// §8 (mean visited states per method, with the authors' values beside ours) and a two-sided
// Mann–Whitney U of each deep model against the RBM per method (§7.3 [D]).
//
//   out/classifier.safetensors                unless `classifier` is given
//   out/<model>/model.safetensors (+ logs)     rbm: the RBM file; idbn, gdbn, rbm-dbn: the stack file
//   out/<model>/sweep/                         the sweep folder (host/sweep/sweep_files.hpp)
//   out/compare.md, out/compare.json           the table of §8
//   out/figures/                               scripts/plot_compare.py: visited states and non-digit time per
//                                              method and model, each model's pooled LB transitions
//
// With seeds > 1 each seed s (seed, seed + 1, …) runs into out/seed-<s>/ (the layout above but the shared
// classifier), and out/compare.{md,json} hold the table across seeds: per model and method the value of
// each seed, their mean ± SD, and in how many seeds the deep model visits more states than the RBM
// (the follow-up's finding, checked per seed; host/reproduce/compare_seeds.hpp).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "host/gibbs/dbn_gibbs_engine.hpp"
#include "host/rbm/dbn_config.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn {

struct CompareOptions {
  std::optional<std::string> mnist;                 // default: $RBMDYN_MNIST
  std::filesystem::path out = "out/compare";
  std::vector<std::string> models = {"rbm", "idbn"};  // any of rbm, idbn, gdbn, rbm-dbn
  std::optional<std::filesystem::path> classifier;  // reuse this classifier
  std::string classifier_arch = "auto";  // of the trained classifier: paper, mid, small; auto = paper on CUDA,
                                         // small on the CPU (as reproduce); validate() resolves it
  std::optional<std::filesystem::path> rbm, idbn, gdbn, rbm_dbn;  // reuse these model files (rbm_dbn: a one-layer stack)
  uint64_t seed = 1;
  int seeds = 1;                        // seeds seed, seed+1, …: training (unless given), readout and chains per
                                        // seed; the classifier (trained with `seed`) is shared
  bool quick = false;                   // CI size: small models on a subset, few chains (≈ 1–2 min on 2 cores);
                                        // deep models use the quick recipe ε = 0.1 × 10 epochs (compare_models.cpp)
  std::string sizes = "784-500-500-1000";  // deep models' layers (dbn.md §2); quick: 784-200-200-300;
                                           // rbm-dbn is 784-<the last size> (dbn.md §9 #1: 2000 as a control)
  IdbnSchedule idbn_schedule = IdbnSchedule::epoch;
  DeepStep deep_step = DeepStep::sweep;
  std::optional<int> k;                 // deep models' k (default: the rule of §4.4; the authors' 111 as a control)
  Backend backend = Backend::cpu;       // training, classifier and chains (the CLI's --device, auto there);
                                        // the deep models' top-layer readout (§4) runs on the CPU in double
  bool progress = true;
  bool figures = true;                  // draw out/figures (python3 with numpy and matplotlib; a failure is
                                        // reported, not fatal)
  std::filesystem::path plot_script;    // default: scripts/plot_compare.py of the source tree ($RBMDYN_SCRIPTS_DIR)

  void validate();  // InputError naming the option
};

// One row of the §8 table: a model and a biasing method.
struct CompareRow {
  uint64_t seed = 1;
  std::string model;   // rbm, idbn, gdbn, rbm-dbn
  std::string method;  // lb, double, intersection
  double paper = 0;    // the authors' stored mean (NaN when none, e.g. gDBN)
  double ours = 0;     // mean over the per-vector means (LB rounded to 2 decimals, chimeras to 1)
  double ours_sem = 0; // SEM, ddof 0
  double ours_full = 0;  // the same without rounding (dbn.md §9 #14)
  int64_t n = 0;         // 10 or 45
  double p_vs_rbm = 0;   // two-sided Mann–Whitney U against the RBM's values (NaN for the RBM)
  int more_than_rbm = -1;  // the follow-up's finding: 1 when ours_full exceeds the RBM's, 0 when not, −1 for the RBM
};

struct CompareResult {
  std::vector<CompareRow> rows;  // every seed's, in seed order, then model and method order
  std::filesystem::path report;
  double seconds = 0;
};

CompareResult compare_models(CompareOptions options);

}  // namespace rbmdyn
