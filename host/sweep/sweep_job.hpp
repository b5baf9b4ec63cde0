#pragma once
// A sweep into a folder: the one way a sweep folder is made, used by `rbmdyn sweep` (run_sweep_job, from
// files) and by the reproduction (run_sweep_into_folder, with models it trained itself). The folder
// records both model files with their SHA-256 (which `merge` checks), where the biasing vectors came
// from, the classifier's description and the timings (host/sweep/sweep_files.hpp).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/classifier/digit_classifier.hpp"
#include "host/sweep/sweep_analysis.hpp"
#include "host/sweep/sweep_options.hpp"

namespace rbmdyn {

// What a sweep folder is made from besides the options.
struct SweepInputs {
  const Rbm& rbm;
  std::filesystem::path rbm_file;
  const BiasingSet& biasing;
  nlohmann::json biasing_origin;  // the biasing folder, or how the vectors were derived
  std::filesystem::path classifier_file;
};

// How the chains are classified: one classifier (the CPU, or one device), or one classifier per CUDA
// device in `devices`, each loaded from inputs.classifier_file with `options`.
struct SweepClassifiers {
  DigitClassifier* one = nullptr;
  std::vector<int> devices;
  DigitClassifierOptions options;
};

// Runs the sweep and writes the folder `out`. `timings` adds earlier phases (e.g. the readout).
SweepRun run_sweep_into_folder(const std::filesystem::path& out, const SweepOptions& options,
                               const SweepInputs& inputs, const SweepClassifiers& classifiers,
                               const nlohmann::json& timings = nlohmann::json::object());

// `rbmdyn sweep`: the models from files, the biasing vectors from a folder or derived from MNIST
// (readout seed = the sweep's seed), on one device, the CPU or several GPUs.
struct SweepJob {
  std::filesystem::path rbm;
  std::filesystem::path classifier;
  std::filesystem::path out;
  std::optional<std::filesystem::path> biasing;  // folder written by `rbmdyn biasing`; else derived
  std::optional<std::string> mnist;              // for deriving them; default $RBMDYN_MNIST
  std::optional<int> k;                          // top-k when deriving (default: the rule of §5.1)
  SweepOptions sweep = defaults();               // the device: automatic (CUDA when usable)
  std::vector<int> devices;                      // several CUDA devices (implies cuda; not with a shard)
  DigitClassifierOptions classifier_options;

  static SweepOptions defaults();
};

struct SweepJobResult {
  std::filesystem::path out;
  SweepOptions options;
  SweepAnalysis analysis;
  double seconds = 0;
  double gibbs_seconds = 0;
};

// InputError (naming the option or file) for bad options or files.
SweepJobResult run_sweep_job(const SweepJob& job);

}  // namespace rbmdyn
