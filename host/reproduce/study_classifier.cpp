#include "host/reproduce/study_classifier.hpp"

#include "host/core/error.hpp"

namespace rbmdyn {

ClassifierTrainConfig study_classifier_config(const std::string& arch, uint64_t seed, bool quick) {
  ClassifierTrainConfig c = ClassifierTrainConfig::for_arch(arch);
  c.seed = seed;
  if (quick) {  // measured: ≈ 30 s on 2 cores, MNIST test ≈ 96.5 %, held-out non-digits ≈ 96 % (1 epoch gave 10 %)
    c.epochs = 3;
    c.train_limit = 12000;
    c.nondigits_per_type = 1000;
    c.validation_limit = 1000;
    c.test_each_epoch = false;
  }
  return c;
}

StudyClassifier prepare_study_classifier(const StudyClassifierRequest& r, const MnistSet& train, const MnistSet& test,
                                         const std::function<void(const std::string&)>& log) {
  StudyClassifier s;
  if (r.given) {
    s.path = *r.given;
    s.info = {{"file", s.path.string()}, {"trained_here", false}};
  } else {
    s.path = r.out;
    ClassifierTrainingOptions t;
    t.arch = ClassifierArch::named(r.arch, "classifier_arch");
    t.config = study_classifier_config(r.arch, r.seed, r.quick);
    t.backend = r.backend;
    t.cuda = r.cuda;
    t.out = s.path;
    t.progress = r.progress;
    log("training the " + r.arch + " classifier on " + backend_name(r.backend));
    const ClassifierTrainingData data = build_training_data(train.split, &test.split, t.config);
    const ClassifierTrainingResult res = train_classifier(data, t);
    if (res.interrupted) fail("interrupted while training the classifier (checkpoint saved beside it)");
    s.info = {{"file", s.path.string()}, {"trained_here", true},
              {"arch", r.arch},            {"epochs", t.config.epochs},
              {"best_epoch", res.best_epoch + 1}, {"best_val_accuracy", res.best_val_accuracy},
              {"test_accuracy", res.test_accuracy}, {"heldout_nondigit_accuracy", res.nondigit_accuracy},
              {"seconds", res.seconds}};
    log("classifier: best validation accuracy " + std::to_string(res.best_val_accuracy) + ", test " +
        std::to_string(res.test_accuracy) + ", held-out non-digits " + std::to_string(res.nondigit_accuracy));
  }
  DigitClassifierOptions copts;
  copts.cuda = r.cuda;
  s.classifier = load_digit_classifier(s.path, r.backend, copts);
  s.info["engine"] = s.classifier->description();
  return s;
}

}  // namespace rbmdyn
