#include "host/rbm/training_job.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "host/core/error.hpp"
#include "host/io/output_folder.hpp"
#include "host/data/mnist.hpp"
#include "host/util/run_record.hpp"

namespace rbmdyn {

namespace {

// The checkpoint's config with the fields in `given` taken from `wanted`.
Cd1Config resumed_config(const Cd1Config& stored, const Cd1Config& wanted, const std::vector<std::string>& given) {
  nlohmann::json config = stored;
  const nlohmann::json from = wanted;
  for (const std::string& key : given) {
    RBMDYN_CHECK(from.contains(key), "unknown CD-1 option " + key);
    config[key] = from[key];
  }
  return config.get<Cd1Config>();
}

}  // namespace

RbmTrainingJobResult run_rbm_training_job(const RbmTrainingJob& job) {
  RbmTrainingJobResult r;
  r.training = job.training;
  if (job.training.checkpoint_every < 0)
    fail_input(quote_option("checkpoint_every") + " " + std::to_string(job.training.checkpoint_every) +
               ": must be >= 0");
  check_output_file(job.training.out, "out");  // before hours of training, not after
  std::optional<RbmCheckpoint> resumed;
  if (job.resume) {
    resumed = load_checkpoint(*job.resume);
    r.training.config = resumed_config(resumed->config, job.training.config, job.given);
  }
  r.training.config.validate();
  require_backend_available(r.training.backend);

  // A resumed run reads the MNIST folder and the number of images of the checkpoint unless told otherwise.
  std::optional<std::string> mnist = job.mnist;
  if (!mnist && resumed && !resumed->mnist.empty()) mnist = resumed->mnist;
  const auto dir = resolve_mnist_dir(mnist);
  const MnistSet train = load_mnist(dir, "train");
  if (train.images.status != ChecksumStatus::official)
    std::fprintf(stderr, "rbmdyn: warning: %s is not the official MNIST copy (sha256 differs)\n",
                 train.images.path.c_str());
  if (job.limit < 0 || job.limit > train.split.count())
    fail_input(quote_option("limit") + " " + std::to_string(job.limit) + ": must be in 0.." +
               std::to_string(train.split.count()));
  r.images = job.limit > 0 ? job.limit : train.split.count();
  if (resumed && resumed->n_samples > 0 && resumed->n_samples <= train.split.count()) {
    if (job.limit > 0 && job.limit != resumed->n_samples)
      fail_input(quote_option("limit") + " " + std::to_string(job.limit) + ": " + job.resume->string() +
                 " was trained on " + std::to_string(resumed->n_samples) + " images (omit the option to keep them)");
    r.images = resumed->n_samples;
  }
  r.mnist = std::filesystem::absolute(dir).lexically_normal();
  r.inputs = {{"mnist train images", train.images.path, train.images.sha256},
              {"mnist train labels", train.labels.path, train.labels.sha256}};
  const std::vector<float> data = train.split.to_unit_float(0, r.images);

  RbmCheckpoint start;
  if (resumed) {
    start = std::move(*resumed);
    std::fprintf(stderr, "rbmdyn: resuming %s after epoch %d of %d\n", job.resume->c_str(), start.state.epochs_done,
                 r.training.config.epochs);
  } else {
    start = fresh_checkpoint(r.training.config, kMnistPixels, r.images);
  }
  start.mnist = r.mnist.string();
  r.result = train_rbm(data.data(), r.images, r.training, std::move(start));
  if (r.result.interrupted) return r;
  r.run_record = run_record_path(r.training.out);
  nlohmann::json options = {{"config", r.training.config},
                            {"images", r.images},
                            {"mnist", r.mnist.string()},
                            {"checkpoint_every", r.training.checkpoint_every},
                            {"resumed_from", job.resume ? std::filesystem::absolute(*job.resume).string() : ""}};
  write_run_record(r.run_record, run_record("train-rbm", options, r.inputs, r.training.backend));
  return r;
}

}  // namespace rbmdyn
