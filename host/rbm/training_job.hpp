#pragma once
// `rbmdyn train-rbm`: CD-1 training of the RBM on MNIST (docs/method.md §2) from the command's options, fresh
// or resumed from a checkpoint (host/rbm/rbm_trainer.hpp for the files it writes).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "host/rbm/rbm_trainer.hpp"
#include "host/util/run_record.hpp"

namespace rbmdyn {

struct RbmTrainingJob {
  std::optional<std::string> mnist;  // default: $RBMDYN_MNIST
  RbmTrainingOptions training;       // the CD-1 config (the paper's values), device, out, checkpoints
  std::optional<std::filesystem::path> resume;  // continue from this checkpoint
  // When resuming: the config fields (Cd1Config's JSON keys) the caller set; they are taken from
  // training.config, the others from the checkpoint (only `epochs` may then differ from it).
  std::vector<std::string> given;
  int64_t limit = 0;  // train on the first N training images only (0 = all; resumed: the checkpoint's number)
};

struct RbmTrainingJobResult {
  RbmTrainingResult result;
  RbmTrainingOptions training;  // as run (the checkpoint's config when resumed)
  int64_t images = 0;
  std::filesystem::path mnist;          // the MNIST folder read, absolute
  std::vector<RunInput> inputs;         // the MNIST files read, with their sha256
  std::filesystem::path run_record;     // <out>.run.json (not written when interrupted)
};

// Options and checkpoint are checked before MNIST is read (InputError naming the option or file). Notes
// on stderr: an unofficial MNIST copy, a resumed run. A resumed run takes the MNIST folder and image count
// stored in the checkpoint unless --mnist / --limit are given. Writes the run record <out>.run.json.
RbmTrainingJobResult run_rbm_training_job(const RbmTrainingJob& job);

}  // namespace rbmdyn
