#include "host/reproduce/study_classifier.hpp"

#include "host/classifier/trainer.hpp"
#include "host/core/error.hpp"
#include "host/reproduce/stage_record.hpp"
#include "host/reproduce/study_models.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

// Trains (resuming the checkpoint beside `out` when there is one) and returns the record of the file.
nlohmann::json train_requested(const StudyClassifierRequest& r, const MnistSet& train, const MnistSet& test,
                               const std::function<void(const std::string&)>& log) {
  log(std::string(fs::exists(classifier_checkpoint_path(r.out)) ? "resuming" : "training") + " the " +
      r.study.classifier_arch + " classifier on " + backend_name(r.backend) + " (non-digits on the " +
      nondigit_scale_name(r.study.nondigit_scale) + " scale)");
  nlohmann::json info =
      train_study_classifier(r.study, r.seed, train.split, test.split, r.out, {r.backend, r.cuda, r.progress});
  info["trained_here"] = true;
  return info;
}

// The same training as a stage of a resumable run: reused when finished with the same inputs, resumed
// from its checkpoint when it started with them, redone otherwise.
nlohmann::json staged_study_classifier(const StudyClassifierRequest& r, const MnistSet& train, const MnistSet& test,
                                       const std::function<void(const std::string&)>& log) {
  const fs::path& root = *r.stage_folder;
  auto relative = [&root](const fs::path& p) { return fs::relative(p, root).generic_string(); };
  StageRecord stage(root, "classifier",
                    {{"arch", r.study.classifier_arch},
                     {"config", classifier_train_config(r.study, r.seed)},
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
  if (!(stage.started() && fs::exists(ckpt))) fs::remove(ckpt);  // a checkpoint of other inputs is not ours
  stage.start();
  nlohmann::json info = train_requested(r, train, test, log);
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
    if (!r.stage_folder) fs::remove(classifier_checkpoint_path(r.out));  // no record says whose it is
    s.info = r.stage_folder ? staged_study_classifier(r, train, test, log) : train_requested(r, train, test, log);
    log("classifier: best validation accuracy " + s.info["best_val_accuracy"].dump() + ", test " +
        s.info["test_accuracy"].dump() + ", held-out non-digits " + s.info["heldout_nondigit_accuracy"].dump());
  }
  s.classifier = load_digit_classifier(s.path, r.backend, classifier_run_options(r.study, r.cuda));
  s.info["engine"] = s.classifier->description();
  return s;
}

}  // namespace rbmdyn
