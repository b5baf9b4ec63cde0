#pragma once
// Training the models of a StudyConfig, shared by `reproduce` and `sensitivity`: the RBM of an RBM
// seed and the classifier of a classifier seed, written to a given path. A checkpoint beside the path
// (left by an interrupted run of the same config) is resumed; an interruption throws after saving one.
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "host/data/mnist.hpp"
#include "host/reproduce/study_config.hpp"
#include "host/runtime/cuda_math.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn {

struct StudyTraining {
  Backend backend = Backend::cpu;
  CudaMathOptions cuda;  // CUDA classifier training
  bool progress = true;
};

// The RBM on `images` [n, 784] in [0, 1]. Returns {file, epochs, seed, seconds, resumed_from_epoch}.
nlohmann::json train_study_rbm(const StudyConfig& config, uint64_t seed, const std::vector<float>& images, int64_t n,
                               const std::filesystem::path& path, const StudyTraining& how);

// The classifier (test digits for monitoring). Returns {file, arch, epochs, best_epoch,
// best_val_accuracy, test_accuracy, heldout_nondigit_accuracy, nondigit_scale, seconds}.
nlohmann::json train_study_classifier(const StudyConfig& config, uint64_t seed, const MnistSplit& train,
                                      const MnistSplit& test, const std::filesystem::path& path,
                                      const StudyTraining& how);

// What a model file records about its training (for reports): the RBM's epochs, seed and final errors.
nlohmann::json rbm_file_record(const std::filesystem::path& path);

}  // namespace rbmdyn
