#pragma once
// The pieces of `sweep` that `reproduce` also uses: the sweep options on the command line, and running
// a sweep from files into an output folder.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <string>

#include "host/sweep/sweep_analysis.hpp"
#include "host/sweep/sweep_options.hpp"

namespace rbmdyn::cli {

struct SweepArgs {
  std::string rbm;
  std::string classifier;
  std::optional<std::string> biasing;  // folder from `rbmdyn biasing`; else derived from MNIST
  std::optional<std::string> mnist;
  std::optional<int> k;
  std::string out;
  std::string set = "all";
  int64_t chains = 100;
  int steps = 100;
  uint64_t seed = 1;
  float temperature = 1.0f;
  std::string visible = "mean-field";
  int example_chains = 3;
  std::string shard = "0/1";
  std::string device = "auto";
  std::optional<std::string> devices;  // "0,1,2": spread over these GPUs
  std::string math = "tf32";
  bool deterministic = false;
  std::string sample_resize = "bicubic";
};

void add_sweep_options(CLI::App& cmd, SweepArgs& args);

struct SweepRunSummary {
  std::filesystem::path out;
  SweepOptions options;
  SweepAnalysis analysis;
  double seconds = 0;
  double gibbs_seconds = 0;
};

// Loads the inputs, derives the biasing set when no folder is given (readout seed = --seed), runs the
// sweep and writes the folder. InputError for bad options or files.
SweepRunSummary run_sweep_command(const SweepArgs& args);

// One line per method: visited states and non-digit time (mean ± SEM over vectors), and the paper table.
void print_sweep_summary(const SweepRunSummary& summary);

}  // namespace rbmdyn::cli
