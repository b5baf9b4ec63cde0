#pragma once
// `rbmdyn train-classifier`: the 11-class digit classifier (method.md §6) trained on MNIST from the
// command's options, fresh or resumed; writes the files of host/classifier/trainer.hpp and
// <out>.run.json (the resolved architecture, config, device, results and run environment).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "host/classifier/trainer.hpp"

namespace rbmdyn {

struct ClassifierTrainingJob {
  std::optional<std::string> mnist;  // default: $RBMDYN_MNIST
  std::string arch = "paper";        // paper (§6.1) or small (the CPU variant); a resumed run keeps its own
  // Training options; training.arch is resolved from `arch` (or the checkpoint), and training.config
  // holds the values of the options in `given` only (the others come from the architecture's recipe,
  // ClassifierTrainConfig::for_arch, or from the checkpoint).
  ClassifierTrainingOptions training;
  std::vector<std::string> given;  // ClassifierTrainConfig JSON keys set by the caller
  std::optional<std::filesystem::path> resume;
};

struct ClassifierTrainingJobResult {
  ClassifierTrainingResult result;
  ClassifierTrainingOptions training;  // as run
  std::filesystem::path mnist;
  std::filesystem::path run_record;    // <out>.run.json (not written when interrupted)
};

// Options first (InputError naming the option), then MNIST. Notes on stderr: the data set, a resumed run
// and, unless training.progress is off, one line per epoch.
ClassifierTrainingJobResult run_classifier_training_job(const ClassifierTrainingJob& job);

}  // namespace rbmdyn
