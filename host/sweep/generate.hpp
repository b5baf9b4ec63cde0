#pragma once
// `rbmdyn generate`: top-down Gibbs chains from biasing vectors (method.md §4) into a folder, e.g. the
// classic label biasing run (set lb: 10 digits × 100 chains × 100 steps) or the whole sweep batch
// (set all), without classification. Chains follow the sweep's global order (chain = global vector ×
// chains + replica), so the chains of set lb are exactly the LB chains of set all with the same seed.
//
// Folder: visible.npy [vectors, chains, kept steps, n_visible] (when kept), activity.npy [vectors, chains,
// steps], hidden.npy (with keep_hidden), kept_steps.npy (1-based), vectors.npy (global indices), sample
// grids like Fig. 2a / 3c (grid_<method>.png, fig3c_<method>.png) and summary.json (the % active at the
// first and last step per method, the resolved options, the run environment).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "host/biasing/biasing_set.hpp"
#include "host/gibbs/activity_summary.hpp"
#include "host/gibbs/gibbs_engine.hpp"

namespace rbmdyn {

struct GenerateJob {
  std::filesystem::path rbm;
  std::filesystem::path biasing;  // folder written by `rbmdyn biasing`
  std::filesystem::path out;
  VectorSet set = VectorSet::lb;
  int64_t chains = 100;  // per vector
  int steps = 100;
  // Visible states kept: "figure" (steps 1, 2, 3, 4, 5, 10, 25, 50, 100 that exist, and the last),
  // "all", "none", or 1-based steps "1,2,5,100".
  std::string keep_steps = "figure";
  bool keep_hidden = false;  // also write every step's hidden states
  float temperature = 1.0f;
  VisibleMode visible_mode = VisibleMode::mean_field;
  uint64_t seed = 1;
  Backend backend = Backend::cpu;
  int grid_replicas = 1;  // chains per vector in the sample grids (0 = no grids)
  bool progress = true;   // a line on stderr before, a progress line while running (CPU)
};

// The % active hidden units of one method's vectors at the first and last step.
struct MethodActivity {
  std::string method;  // "lb", "intersection", "double"
  int64_t vectors = 0;
  ActivityAtStep first, last;
};

struct GenerateResult {
  int64_t chains = 0;  // all chains: vectors × chains per vector
  int steps = 0;
  double seconds = 0;  // the chains' wall time
  std::vector<MethodActivity> methods;
};

// Options are checked before the files are read (InputError naming the option or file).
GenerateResult generate_chains(const GenerateJob& job);

}  // namespace rbmdyn
