#include "host/reproduce/study_classifier.hpp"

#include "host/core/error.hpp"
#include "host/reproduce/stage_record.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

ClassifierTrainConfig study_classifier_config(const std::string& arch, uint64_t seed, bool quick, bool tiny) {
  ClassifierTrainConfig c = ClassifierTrainConfig::for_arch(arch);
  c.seed = seed;
  if (quick) {  // measured: ≈ 30 s on 2 cores, MNIST test ≈ 96.5 %, held-out non-digits ≈ 96 % (1 epoch gave 10 %)
    c.epochs = 3;
    c.train_limit = 12000;
    c.nondigits_per_type = 1000;
    c.validation_limit = 1000;
    c.test_each_epoch = false;
  }
  if (tiny) {
    c.epochs = 1;
    c.train_limit = 2000;
    c.nondigits_per_type = 100;
    c.validation_limit = 300;
  }
  return c;
}

namespace {

ClassifierTrainingOptions training_options(const StudyClassifierRequest& r) {
  ClassifierTrainingOptions t;
  t.arch = ClassifierArch::named(r.arch, "classifier_arch");
  t.config = study_classifier_config(r.arch, r.seed, r.quick, r.tiny);
  t.backend = r.backend;
  t.cuda = r.cuda;
  t.out = r.out;
  t.progress = r.progress;
  return t;
}

// Trains (or resumes from `checkpoint`, when not empty) and returns the record of the trained file.
nlohmann::json train_study_classifier(const StudyClassifierRequest& r, const ClassifierTrainingOptions& t,
                                      const MnistSet& train, const MnistSet& test, const fs::path& checkpoint,
                                      const std::function<void(const std::string&)>& log) {
  log(std::string(checkpoint.empty() ? "training" : "resuming") + " the " + r.arch + " classifier on " +
      backend_name(r.backend));
  const ClassifierTrainingData data = build_training_data(train.split, &test.split, t.config);
  const ClassifierTrainingResult res = train_classifier(data, t, checkpoint);
  if (res.interrupted) fail_interrupted("interrupted while training the classifier (checkpoint saved; rerun to resume)");
  return {{"file", r.out.string()},
          {"trained_here", true},
          {"arch", r.arch},
          {"epochs", t.config.epochs},
          {"best_epoch", res.best_epoch + 1},
          {"best_val_accuracy", res.best_val_accuracy},
          {"test_accuracy", res.test_accuracy},
          {"heldout_nondigit_accuracy", res.nondigit_accuracy},
          {"seconds", res.seconds}};
}

// The same training as a stage of a resumable run: reused when finished with the same inputs, resumed
// from its checkpoint when it started with them, redone otherwise.
nlohmann::json staged_study_classifier(const StudyClassifierRequest& r, const ClassifierTrainingOptions& t,
                                       const MnistSet& train, const MnistSet& test,
                                       const std::function<void(const std::string&)>& log) {
  const fs::path& root = *r.stage_folder;
  auto relative = [&root](const fs::path& p) { return fs::relative(p, root).generic_string(); };
  StageRecord stage(root, "classifier",
                    {{"arch", r.arch},
                     {"config", t.config},
                     {"device", backend_name(r.backend)},
                     {"math", math_mode_name(r.cuda.math)},
                     {"deterministic", r.cuda.deterministic},
                     {"mnist_sha256", r.mnist_sha256}},
                    {relative(r.out), relative(classifier_log_path(r.out))});
  if (stage.done()) {
    log("classifier: finished by an earlier run with the same inputs (stages/classifier.json); reused");
    return stage.result();
  }
  const fs::path ckpt = classifier_checkpoint_path(r.out);
  const bool resume = stage.started() && fs::exists(ckpt);
  if (!resume) fs::remove(ckpt);  // a checkpoint of other inputs is not ours to continue
  stage.start();
  nlohmann::json info = train_study_classifier(r, t, train, test, resume ? ckpt : fs::path(), log);
  stage.finish(info);
  fs::remove(ckpt);  // the model is final; a checkpoint would only hold timings and stale state
  return info;
}

}  // namespace

StudyClassifier prepare_study_classifier(const StudyClassifierRequest& r, const MnistSet& train, const MnistSet& test,
                                         const std::function<void(const std::string&)>& log) {
  StudyClassifier s;
  if (r.given) {
    s.path = *r.given;
    s.info = {{"file", s.path.string()}, {"trained_here", false}};
  } else {
    s.path = r.out;
    const ClassifierTrainingOptions t = training_options(r);
    s.info = r.stage_folder ? staged_study_classifier(r, t, train, test, log)
                            : train_study_classifier(r, t, train, test, fs::path(), log);
    log("classifier: best validation accuracy " + s.info["best_val_accuracy"].dump() + ", test " +
        s.info["test_accuracy"].dump() + ", held-out non-digits " + s.info["heldout_nondigit_accuracy"].dump());
  }
  DigitClassifierOptions copts;
  copts.cuda = r.cuda;
  s.classifier = load_digit_classifier(s.path, r.backend, copts);
  s.info["engine"] = s.classifier->description();
  return s;
}

}  // namespace rbmdyn
