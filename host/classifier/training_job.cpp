#include "host/classifier/training_job.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "host/classifier/checkpoint.hpp"
#include "host/core/error.hpp"
#include "host/io/output_folder.hpp"
#include "host/data/mnist.hpp"
#include "host/io/atomic_file.hpp"
#include "host/util/run_info.hpp"
#include "host/util/run_record.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

// The architecture and config a job runs with: the checkpoint's or the named architecture's recipe,
// with the given options on top.
// Returns the checkpoint's MNIST folder when resuming ("" otherwise or when it has none).
std::string resolve_training(const ClassifierTrainingJob& job, ClassifierTrainingOptions& t) {
  std::string resumed_mnist;
  if (t.cuda.deterministic) t.cuda.math = MathMode::fp32;
  ClassifierTrainConfig base;
  if (job.resume) {
    const ClassifierCheckpoint ck = load_classifier_checkpoint(*job.resume);
    t.arch = ck.arch;
    base = ck.config;
    resumed_mnist = ck.mnist;
    std::fprintf(stderr, "rbmdyn: resuming %s after epoch %d (+%lld batches)\n", job.resume->c_str(), ck.epochs_done,
                 static_cast<long long>(ck.batches_done));
  } else {
    t.arch = ClassifierArch::named(job.arch);
    base = ClassifierTrainConfig::for_arch(t.arch.name);
  }
  nlohmann::json config = base;
  const nlohmann::json wanted = job.training.config;
  for (const std::string& key : job.given) {
    RBMDYN_CHECK(wanted.contains(key), "unknown classifier training option " + key);
    config[key] = wanted[key];
  }
  t.config = config.get<ClassifierTrainConfig>();
  t.config.validate();
  return resumed_mnist;
}

void print_epoch(const ClassifierEpochRecord& r) {
  std::fprintf(stderr, "epoch %d: loss %.4f train %.4f val %.4f%s%s (%.1f s)%s\n", r.epoch + 1, r.train_loss,
               r.train_accuracy, r.val_accuracy,
               r.test_accuracy >= 0 ? (" test " + std::to_string(r.test_accuracy)).c_str() : "",
               r.nondigit_accuracy >= 0 ? (" non-digit " + std::to_string(r.nondigit_accuracy)).c_str() : "",
               r.seconds, r.best ? "  *best" : "");
}

}  // namespace

ClassifierTrainingJobResult run_classifier_training_job(const ClassifierTrainingJob& job) {
  ClassifierTrainingJobResult r;
  r.training = job.training;
  ClassifierTrainingOptions& t = r.training;
  const std::string resumed_mnist = resolve_training(job, t);
  check_output_file(t.out, "out");  // before hours of training, not after
  require_backend_available(t.backend);
  // A resumed run reads the checkpoint's MNIST folder unless --mnist is given.
  std::optional<std::string> mnist = job.mnist;
  if (!mnist && !resumed_mnist.empty()) mnist = resumed_mnist;
  r.mnist = resolve_mnist_dir(mnist);
  t.mnist = fs::absolute(r.mnist).lexically_normal().string();
  const MnistSet train = load_mnist(r.mnist, "train");
  const MnistSet test = load_mnist(r.mnist, "test");
  const ClassifierTrainingData data = build_training_data(train.split, &test.split, t.config);
  std::fprintf(stderr, "rbmdyn: classifier '%s' on %s: %lld training images (%lld non-digits), %lld validation\n",
               t.arch.name.c_str(), backend_name(t.backend), static_cast<long long>(data.train.count()),
               static_cast<long long>(11 * t.config.nondigits_per_type),
               static_cast<long long>(data.validation.count()));
  r.result = train_classifier(data, t, job.resume.value_or(fs::path()), t.progress ? print_epoch : nullptr);
  if (r.result.interrupted) return r;
  r.run_record = run_record_path(t.out);
  const nlohmann::json options = {{"arch", t.arch},
                                  {"training_config", t.config},
                                  {"math", t.backend == Backend::cuda ? math_mode_name(t.cuda.math) : "fp32"},
                                  {"deterministic", t.cuda.deterministic},
                                  {"mnist", fs::absolute(r.mnist).lexically_normal().string()},
                                  {"resumed_from", job.resume ? fs::absolute(*job.resume).string() : ""}};
  const std::vector<RunInput> inputs = {{"mnist train images", train.images.path, train.images.sha256},
                                        {"mnist train labels", train.labels.path, train.labels.sha256},
                                        {"mnist test images", test.images.path, test.images.sha256},
                                        {"mnist test labels", test.labels.path, test.labels.sha256}};
  nlohmann::json record = run_record("train-classifier", options, inputs, t.backend);
  record["result"] = {{"network", r.result.engine},
                      {"seconds", r.result.seconds},
                      {"best_epoch", r.result.best_epoch + 1},  // 1-based, as the log and the console
                      {"best_val_accuracy", r.result.best_val_accuracy},
                      {"test_accuracy", r.result.test_accuracy},
                      {"nondigit_accuracy", r.result.nondigit_accuracy}};
  write_run_record(r.run_record, record);
  return r;
}

}  // namespace rbmdyn
