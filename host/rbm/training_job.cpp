#include "host/rbm/training_job.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "host/core/error.hpp"
#include "host/data/mnist.hpp"

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
  std::optional<RbmCheckpoint> resumed;
  if (job.resume) {
    resumed = load_checkpoint(*job.resume);
    r.training.config = resumed_config(resumed->config, job.training.config, job.given);
  }
  r.training.config.validate();
  require_backend_available(r.training.backend);

  const auto dir = resolve_mnist_dir(job.mnist);
  const MnistSet train = load_mnist(dir, "train");
  if (train.images.status != ChecksumStatus::official)
    std::fprintf(stderr, "rbmdyn: warning: %s is not the official MNIST copy (sha256 differs)\n",
                 train.images.path.c_str());
  if (job.limit < 0 || job.limit > train.split.count())
    fail_input(quote_option("limit") + " " + std::to_string(job.limit) + ": must be in 0.." +
               std::to_string(train.split.count()));
  r.images = job.limit > 0 ? job.limit : train.split.count();
  const std::vector<float> data = train.split.to_unit_float(0, r.images);

  RbmCheckpoint start;
  if (resumed) {
    start = std::move(*resumed);
    std::fprintf(stderr, "rbmdyn: resuming %s after epoch %d of %d\n", job.resume->c_str(), start.state.epochs_done,
                 r.training.config.epochs);
  } else {
    start = fresh_checkpoint(r.training.config, kMnistPixels, r.images);
  }
  r.result = train_rbm(data.data(), r.images, r.training, std::move(start));
  return r;
}

}  // namespace rbmdyn
