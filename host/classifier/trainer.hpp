#pragma once
// Training of the digit classifier (docs/method.md §6.3): SGD on digits + synthetic non-digits, reshuffled
// every epoch, validation after each epoch (mean of per-batch accuracies, eval mode), the best model
// kept when validation accuracy is strictly greater than the best so far.
//
// Files, for out = classifier.safetensors:
//   classifier.safetensors        the best-validation model (tensors + metadata: arch, training_config,
//                                 best_epoch, best_val_accuracy, test_accuracy, nondigit_accuracy, ...)
//   classifier.train.csv          epoch,train_loss,train_accuracy,val_accuracy,test_accuracy,
//                                 nondigit_accuracy,seconds,best   (one row per epoch; accuracies in
//                                 [0, 1], test/non-digit empty when not evaluated)
//   classifier.ckpt.safetensors   current and best ("best." prefix) models + config + history, for
//                                 a resumed run; written every `checkpoint_every` epochs and on SIGINT.
// Random numbers: split (classifier_split), per-epoch order (classifier_shuffle, a = epoch), dropout
// (classifier_dropout, b = global iteration·8 + layer), init (classifier_init), non-digits (nondigit):
// all from `seed`, so a run is reproducible and a resumed run continues exactly.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "host/classifier/dataset.hpp"
#include "host/classifier/network.hpp"
#include "host/classifier/train_config.hpp"

namespace rbmdyn {

struct ClassifierEpochRecord {
  int epoch = 0;  // 0-based
  double train_loss = 0;      // mean per-row loss over the epoch
  double train_accuracy = 0;  // training-mode accuracy over the epoch
  double val_accuracy = 0;    // mean of per-batch accuracies (§6.3)
  double test_accuracy = -1;  // −1 when not evaluated
  double nondigit_accuracy = -1;
  double seconds = 0;
  bool best = false;
};

// Everything a training run reads: MNIST train (and test for monitoring).
struct ClassifierTrainingData {
  ClassifierData train;       // digits of the split (limited) + non-digits
  ClassifierData validation;  // validation digits
  ClassifierData test;        // MNIST test digits (may be empty)
  ClassifierData heldout_nondigits;
};
ClassifierTrainingData build_training_data(const MnistSplit& mnist_train, const MnistSplit* mnist_test,
                                           const ClassifierTrainConfig& config);

struct ClassifierTrainingOptions {
  ClassifierArch arch;
  ClassifierTrainConfig config;
  Backend backend = Backend::cpu;
  CudaMathOptions cuda;
  std::filesystem::path out;
  int checkpoint_every = 1;  // epochs; 0 = only at the end or when interrupted
  bool progress = true;
  std::string mnist;  // the MNIST folder read (absolute), stored in checkpoints so `--resume` alone continues
  // Called after every SGD step with (epoch, batch index in the epoch), before the interrupt check
  // (tests use it to interrupt mid-epoch).
  std::function<void(int, int64_t)> on_batch;
};

struct ClassifierTrainingResult {
  ClassifierModel best;  // the model written to `out`
  std::vector<ClassifierEpochRecord> history;
  int best_epoch = -1;
  double best_val_accuracy = 0;
  double test_accuracy = -1;       // of the best model
  double nondigit_accuracy = -1;   // of the best model, on the held-out non-digits
  bool interrupted = false;
  double seconds = 0;
  std::string engine;              // the network's description (backend, math, algorithms)
};

std::filesystem::path classifier_log_path(const std::filesystem::path& model_path);
std::filesystem::path classifier_checkpoint_path(const std::filesystem::path& model_path);

// Trains from scratch, or from the checkpoint `resume` (its arch and config are used; only
// config.epochs may be raised). `on_epoch` is called after each epoch.
ClassifierTrainingResult train_classifier(const ClassifierTrainingData& data, const ClassifierTrainingOptions& options,
                                          const std::filesystem::path& resume = {},
                                          const std::function<void(const ClassifierEpochRecord&)>& on_epoch = {});

// Accuracy helpers, eval mode. mean_batch_accuracy: the mean over batches of `batch` of the per-batch
// accuracy (the last batch may be smaller and counts equally), as the study's validation.
double mean_batch_accuracy(ClassifierNetwork& network, const ClassifierData& data, int64_t batch,
                           NondigitScale scale, int64_t limit = 0);
double overall_accuracy(ClassifierNetwork& network, const ClassifierData& data, NondigitScale scale);

}  // namespace rbmdyn
