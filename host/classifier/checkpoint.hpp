#pragma once
// The classifier's training checkpoint ("rbmdyn.classifier_checkpoint"): the current model (tensors
// under their plain names), the best model so far (same names with the prefix "best."), the
// architecture and training config (JSON metadata), the per-epoch history, and the position inside
// the current epoch, so that a resumed run continues exactly where an interrupted run stopped (the epoch
// order and the dropout draws are functions of the seed and the epoch/iteration, and SGD has no
// other state).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "host/classifier/model.hpp"
#include "host/classifier/trainer.hpp"

namespace rbmdyn {

struct ClassifierCheckpoint {
  ClassifierArch arch;
  ClassifierTrainConfig config;
  ClassifierModel current;
  ClassifierModel best;
  std::vector<ClassifierEpochRecord> history;
  int epochs_done = 0;
  int64_t batches_done = 0;  // of epoch `epochs_done`
  double partial_loss_sum = 0;
  int64_t partial_correct = 0;
  int64_t partial_rows = 0;
  double partial_seconds = 0;
  int best_epoch = -1;
  double best_val_accuracy = 0;
  int64_t train_images = 0;
  std::string mnist;  // the MNIST folder the run read ("" when unknown)
};

inline constexpr const char* kClassifierCheckpointFormat = "rbmdyn.classifier_checkpoint";

void save_classifier_checkpoint(const std::filesystem::path& path, const ClassifierCheckpoint& ck,
                                const std::string& backend);
ClassifierCheckpoint load_classifier_checkpoint(const std::filesystem::path& path);

}  // namespace rbmdyn
