#include "host/sweep/sweep_job.hpp"

#include <chrono>
#include <memory>

#include "host/biasing/derive_biasing.hpp"
#include "host/core/error.hpp"
#include "host/data/mnist.hpp"
#include "host/io/sha256.hpp"
#include "host/rbm/rbm_model.hpp"
#include "host/sweep/multi_device.hpp"
#include "host/sweep/sweep.hpp"
#include "host/sweep/sweep_files.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// The job's biasing set: read from its folder, or derived from the MNIST training set (readout seed =
// the sweep's seed). `origin` records which.
BiasingSet job_biasing(const SweepJob& job, const Rbm& rbm, const SweepOptions& o, nlohmann::json& origin) {
  if (job.biasing) {
    origin = job.biasing->string();
    return load_biasing_set(*job.biasing);
  }
  const fs::path dir = resolve_mnist_dir(job.mnist);
  const MnistSet train = load_mnist(dir, "train");
  const std::vector<float> images = train.split.to_unit_float();
  DerivedBiasing derived = derive_biasing(rbm, images.data(), train.split.labels.data(), train.split.count(), o.seed,
                                          o.backend, ReadoutMode::sampled, job.k);
  origin = {{"derived_from", dir.string()}, {"summary", derived.summary}};
  return std::move(derived.set);
}

}  // namespace

SweepOptions SweepJob::defaults() {
  SweepOptions o;
  o.backend = automatic_backend();
  return o;
}

SweepRun run_sweep_into_folder(const fs::path& out, const SweepOptions& options, const SweepInputs& inputs,
                               const SweepClassifiers& classifiers, const nlohmann::json& timings) {
  const auto t0 = Clock::now();
  SweepRun run = classifiers.one != nullptr
                     ? run_sweep(inputs.rbm, inputs.biasing, *classifiers.one, options)
                     : run_sweep_on_devices(inputs.rbm, inputs.biasing, inputs.classifier_file, classifiers.options,
                                            options, classifiers.devices);
  nlohmann::json recorded = {{"rbm", inputs.rbm_file.string()},
                             {"rbm_sha256", sha256_file_hex(inputs.rbm_file)},
                             {"classifier", inputs.classifier_file.string()},
                             {"classifier_sha256", sha256_file_hex(inputs.classifier_file)},
                             {"biasing", inputs.biasing_origin}};
  if (!classifiers.devices.empty()) recorded["devices"] = classifiers.devices;
  nlohmann::json phases = timings;
  phases["gibbs_and_classification"] = run.data.gibbs_seconds;
  phases["metrics"] = run.analysis_seconds;
  phases["total"] = seconds_since(t0);
  const SweepRecord record{recorded,
                           classifiers.one != nullptr ? classifiers.one->description()
                                                      : "DigitClassifier per device (CUDA)",
                           phases};
  write_sweep_folder(out, run.data, run.analysis, inputs.biasing, record);
  return run;
}

SweepJobResult run_sweep_job(const SweepJob& job) {
  const auto t0 = Clock::now();
  SweepOptions o = job.sweep;
  if (!job.devices.empty()) o.backend = Backend::cuda;
  o.validate();
  if (!job.devices.empty() && !o.shard.whole())
    fail_input(quote_option("devices") + " and " + quote_option("shard") + " cannot be combined");
  require_backend_available(o.backend);
  if (job.biasing && job.k)
    fail_input(quote_option("k") + " applies only when the biasing vectors are derived (without " +
               quote_option("biasing") + ")");

  const Rbm rbm = load_rbm(job.rbm);
  SweepClassifiers classifiers{nullptr, job.devices, job.classifier_options};
  std::unique_ptr<DigitClassifier> classifier;
  if (job.devices.size() <= 1) {
    if (job.devices.size() == 1) use_cuda_device(job.devices.front());
    classifier = load_digit_classifier(job.classifier, o.backend, job.classifier_options);
    classifiers.one = classifier.get();
  }
  const auto t_biasing = Clock::now();
  nlohmann::json origin;
  const BiasingSet biasing = job_biasing(job, rbm, o, origin);
  const double biasing_seconds = seconds_since(t_biasing);

  SweepRun run = run_sweep_into_folder(job.out, o, SweepInputs{rbm, job.rbm, biasing, origin, job.classifier},
                                       classifiers, {{"biasing", biasing_seconds}});
  SweepJobResult r;
  r.out = job.out;
  r.options = run.data.options;
  r.analysis = std::move(run.analysis);
  r.gibbs_seconds = run.data.gibbs_seconds;
  r.seconds = seconds_since(t0);
  return r;
}

}  // namespace rbmdyn
