#include "host/reproduce/study_models.hpp"

#include <map>

#include "host/classifier/trainer.hpp"
#include "host/core/error.hpp"
#include "host/rbm/rbm_trainer.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

nlohmann::json train_study_rbm(const StudyConfig& config, uint64_t seed, const std::vector<float>& images, int64_t n,
                               const fs::path& path, const StudyTraining& how) {
  RbmTrainingOptions t;
  t.config = rbm_train_config(config, seed);
  t.backend = how.backend;
  t.out = path;
  t.progress = how.progress;
  fs::create_directories(path.parent_path().empty() ? fs::path(".") : path.parent_path());
  RbmCheckpoint start = fresh_checkpoint(t.config, kMnistPixels, n);
  if (fs::exists(checkpoint_path(path))) {
    RbmCheckpoint ck = load_checkpoint(checkpoint_path(path));
    if (nlohmann::json(ck.config) == nlohmann::json(t.config) && ck.n_samples == n) start = std::move(ck);
  }
  const int resumed = start.state.epochs_done;
  const RbmTrainingResult r = train_rbm(images.data(), n, t, std::move(start));
  if (r.interrupted) fail_interrupted("interrupted while training the RBM " + path.string() + " (checkpoint saved beside it)");
  return {{"file", path.string()}, {"epochs", t.config.epochs}, {"seed", seed},
          {"seconds", r.seconds},  {"resumed_from_epoch", resumed}};
}

nlohmann::json train_study_classifier(const StudyConfig& config, uint64_t seed, const MnistSplit& train,
                                      const MnistSplit& test, const fs::path& path, const StudyTraining& how) {
  ClassifierTrainingOptions t;
  t.arch = study_classifier_arch(config.classifier_arch);
  t.config = classifier_train_config(config, seed);
  t.backend = how.backend;
  t.cuda = how.cuda;
  t.out = path;
  t.progress = how.progress;
  fs::create_directories(path.parent_path().empty() ? fs::path(".") : path.parent_path());
  const ClassifierTrainingData data = build_training_data(train, &test, t.config);
  const fs::path ckpt = classifier_checkpoint_path(path);
  const ClassifierTrainingResult r = train_classifier(data, t, fs::exists(ckpt) ? ckpt : fs::path());
  if (r.interrupted) fail_interrupted("interrupted while training the classifier " + path.string() + " (checkpoint saved)");
  return {{"file", path.string()},
          {"arch", t.arch.name},
          {"epochs", t.config.epochs},
          {"lr", t.config.lr},
          {"nondigit_scale", nondigit_scale_name(t.config.nondigit_scale)},
          {"seed", seed},
          {"best_epoch", r.best_epoch + 1},
          {"best_val_accuracy", r.best_val_accuracy},
          {"test_accuracy", r.test_accuracy},
          {"heldout_nondigit_accuracy", r.nondigit_accuracy},
          {"seconds", r.seconds}};
}

nlohmann::json rbm_file_record(const fs::path& path) {
  std::map<std::string, std::string> meta;
  load_rbm(path, &meta);
  nlohmann::json j = {{"file", path.string()}};
  for (const char* key : {"epochs_trained", "seed", "final_error_sum", "final_rmse", "training_backend"})
    if (meta.count(key)) j[key] = meta.at(key);
  return j;
}

}  // namespace rbmdyn
