#include "host/rbm/dbn_training_job.hpp"

#include "host/core/error.hpp"
#include "host/data/mnist.hpp"

namespace rbmdyn {

DbnTrainingJobResult run_dbn_training_job(const DbnTrainingJob& job) {
  DbnTrainingJobResult r;
  r.training = job.training;
  r.training.config.validate();
  if (job.limit < 0) fail_input(quote_option("limit") + " " + std::to_string(job.limit) + ": must be >= 0");
  if (r.training.config.sizes.front() != kMnistPixels)
    fail_input(quote_option("sizes") + " " + stack_sizes_name(r.training.config.sizes) + ": MNIST needs 784 visible units");
  const MnistSet train = load_mnist(resolve_mnist_dir(job.mnist), "train");
  const int64_t n = job.limit > 0 ? std::min<int64_t>(job.limit, train.split.count()) : train.split.count();
  const std::vector<float> images = train.split.to_unit_float(0, n);
  const int64_t used = dbn_training_samples(n, r.training.config.cd1.batch_size);
  DbnCheckpoint start = job.resume ? load_dbn_checkpoint(*job.resume) : fresh_dbn_checkpoint(r.training.config, used);
  r.result = train_dbn(images.data(), n, r.training, std::move(start));
  return r;
}

}  // namespace rbmdyn
