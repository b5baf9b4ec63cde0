#pragma once
// `rbmdyn train-dbn`: a deep model on MNIST (dbn.md §3), fresh or resumed from a checkpoint.
#include <filesystem>
#include <optional>
#include <string>

#include "host/rbm/dbn_trainer.hpp"

namespace rbmdyn {

struct DbnTrainingJob {
  std::optional<std::string> mnist;                 // default: $RBMDYN_MNIST
  DbnTrainingOptions training;
  std::optional<std::filesystem::path> resume;      // a checkpoint; only `epochs` may differ
  int64_t limit = 0;                                // first N training images (0 = all)
};

struct DbnTrainingJobResult {
  DbnTrainingOptions training;
  DbnTrainingResult result;
};

// InputError naming the option or file for bad options or files.
DbnTrainingJobResult run_dbn_training_job(const DbnTrainingJob& job);

}  // namespace rbmdyn
