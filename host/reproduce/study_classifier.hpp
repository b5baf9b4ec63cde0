#pragma once
// The instrument of every study command (`reproduce`, `compare`, `sensitivity` through study_models):
// the digit classifier, either a given file or trained here with the recipe of a StudyConfig
// (classifier_train_config: the paper or small architecture, the non-digit scale, `quick` and `tiny`),
// then loaded for the sweeps with the config's sample resize. One function, so the RBM study and the
// deep-model comparison classify with the same recipe.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "host/classifier/digit_classifier.hpp"
#include "host/data/mnist.hpp"
#include "host/reproduce/study_config.hpp"
#include "host/runtime/cuda_math.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn {

struct StudyClassifierRequest {
  std::optional<std::filesystem::path> given;  // use this file; else train into `out`
  std::filesystem::path out;                   // where a trained classifier is written
  StudyConfig study;                           // the recipe: classifier_arch, nondigit_scale, quick, tiny, ...
  uint64_t seed = 1;
  Backend backend = Backend::cpu;              // of training and of the loaded classifier
  CudaMathOptions cuda;
  bool progress = true;
  // When set, training is a resumable stage recorded in <stage_folder>/stages/classifier.json (see
  // stage_record.hpp): a rerun with the same inputs reuses the file, an interrupted one resumes its checkpoint.
  std::optional<std::filesystem::path> stage_folder;
  std::string mnist_sha256;  // an input of the stage record
};

struct StudyClassifier {
  std::filesystem::path path;
  nlohmann::json info;  // file, trained_here (+ arch, epochs, accuracies, seconds when trained), engine
  std::unique_ptr<DigitClassifier> classifier;
};

// `log` receives one line per stage (training started, accuracies). Throws when training is interrupted.
StudyClassifier prepare_study_classifier(const StudyClassifierRequest& request, const MnistSet& train,
                                         const MnistSet& test, const std::function<void(const std::string&)>& log);

}  // namespace rbmdyn
