#include "apps/rbmdyn/sweep_common.hpp"

#include <chrono>
#include <cstdio>

#include "host/biasing/derive_biasing.hpp"
#include "host/core/error.hpp"
#include "host/data/mnist.hpp"
#include "host/io/read_file.hpp"
#include "host/io/sha256.hpp"
#include "host/rbm/rbm_model.hpp"
#include "host/sweep/multi_device.hpp"
#include "host/sweep/sweep.hpp"
#include "host/sweep/sweep_files.hpp"

namespace rbmdyn::cli {
namespace fs = std::filesystem;

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string file_sha256(const std::string& path) {
  const std::vector<uint8_t> bytes = read_file_bytes(path);
  return sha256_hex(bytes.data(), bytes.size());
}
}  // namespace

void add_sweep_options(CLI::App& cmd, SweepArgs& a) {
  cmd.add_option("--biasing", a.biasing, "Biasing folder from `rbmdyn biasing` (default: derive it from MNIST)");
  cmd.add_option("--mnist", a.mnist, "MNIST folder for the readout (default: $RBMDYN_MNIST)");
  cmd.add_option("--k", a.k, "Top-k of the chimera vectors when deriving them (default: the rule of §5.1)");
  cmd.add_option("--set", a.set, "lb, intersection, double or all")->capture_default_str();
  cmd.add_option("--chains", a.chains, "Chains per biasing vector")->capture_default_str();
  cmd.add_option("--steps", a.steps, "Steps per chain")->capture_default_str();
  cmd.add_option("--seed", a.seed, "Seed of the chains (and of the readout when deriving)")->capture_default_str();
  cmd.add_option("--temperature", a.temperature, "Gibbs temperature T")->capture_default_str();
  cmd.add_option("--visible", a.visible, "mean-field (the study) or sampled (standard block Gibbs)")
      ->capture_default_str();
  cmd.add_option("--example-chains", a.example_chains, "Chains per vector whose example images are kept")
      ->capture_default_str();
  cmd.add_option("--shard", a.shard, "Run part i of n (i/n) of the vectors; combine with `rbmdyn merge`")
      ->capture_default_str();
  cmd.add_option("--device", a.device, "cpu, cuda or auto")->capture_default_str();
  cmd.add_option("--devices", a.devices, "Spread the sweep over these CUDA devices, e.g. 0,1,2,3 (implies cuda)");
  cmd.add_option("--math", a.math, "classifier math on CUDA: tf32 or fp32")->capture_default_str();
  cmd.add_flag("--deterministic", a.deterministic, "CUDA classifier: fp32 and deterministic cuDNN algorithms");
}

SweepRunSummary run_sweep_command(const SweepArgs& a) {
  const auto t0 = std::chrono::steady_clock::now();
  SweepOptions o;
  o.set = parse_vector_set(a.set);
  o.chains = a.chains;
  o.steps = a.steps;
  o.seed = a.seed;
  o.temperature = a.temperature;
  o.visible_mode = parse_visible_mode(a.visible);
  o.example_chains = a.example_chains;
  o.shard = parse_shard(a.shard);
  o.backend = a.devices ? Backend::cuda : parse_backend(a.device);
  o.validate();
  const std::vector<int> devices = a.devices ? parse_cuda_devices(*a.devices) : std::vector<int>{};
  if (!devices.empty() && !o.shard.whole()) fail_input("--devices and --shard cannot be combined");
  require_backend_available(o.backend);
  if (a.biasing && a.k) fail_input("--k applies only when the biasing vectors are derived (without --biasing)");

  const Rbm rbm = load_rbm(a.rbm);
  DigitClassifierOptions copts;
  copts.cuda.math = parse_math_mode(a.math);
  copts.cuda.deterministic = a.deterministic;
  std::unique_ptr<DigitClassifier> classifier;
  if (devices.size() <= 1) {
    if (devices.size() == 1) use_cuda_device(devices.front());
    classifier = load_digit_classifier(a.classifier, o.backend, copts);
  }

  nlohmann::json inputs = {{"rbm", a.rbm},
                           {"rbm_sha256", file_sha256(a.rbm)},
                           {"classifier", a.classifier},
                           {"classifier_sha256", file_sha256(a.classifier)}};
  BiasingSet biasing;
  const auto t_biasing = std::chrono::steady_clock::now();
  if (a.biasing) {
    biasing = load_biasing_set(*a.biasing);
    inputs["biasing"] = *a.biasing;
  } else {
    const fs::path dir = resolve_mnist_dir(a.mnist);
    const MnistSet train = load_mnist(dir, "train");
    const std::vector<float> images = train.split.to_unit_float();
    DerivedBiasing derived = derive_biasing(rbm, images.data(), train.split.labels.data(), train.split.count(), o.seed,
                                            o.backend, ReadoutMode::sampled, a.k);
    biasing = std::move(derived.set);
    inputs["biasing"] = {{"derived_from", dir.string()}, {"summary", derived.summary}};
  }
  const double biasing_seconds = seconds_since(t_biasing);

  SweepRun run = classifier ? run_sweep(rbm, biasing, *classifier, o)
                            : run_sweep_on_devices(rbm, biasing, a.classifier, copts, o, devices);
  if (!devices.empty()) inputs["devices"] = devices;
  SweepRecord record{inputs, classifier ? classifier->description() : "DigitClassifier per device (CUDA)",
                     {{"biasing", biasing_seconds},
                      {"gibbs_and_classification", run.data.gibbs_seconds},
                      {"metrics", run.analysis_seconds}}};
  write_sweep_folder(a.out, run.data, run.analysis, biasing, record);

  SweepRunSummary s;
  s.out = a.out;
  s.options = run.data.options;
  s.analysis = std::move(run.analysis);
  s.gibbs_seconds = run.data.gibbs_seconds;
  s.seconds = seconds_since(t0);
  return s;
}

void print_sweep_summary(const SweepRunSummary& s) {
  std::printf("sweep %s: %d steps x %lld chains per vector, %s, in %.1f s (chains + classification %.1f s)\n",
              s.out.c_str(), s.options.steps, static_cast<long long>(s.options.chains),
              backend_name(s.options.backend), s.seconds, s.gibbs_seconds);
  for (const SetAnalysis& set : s.analysis.sets) {
    std::vector<double> visited, nondigit;
    for (const auto& g : set.analysis.groups) {
      visited.push_back(g.visited.mean_rounded);
      nondigit.push_back(g.state_time[kNonDigit].mean_rounded);
    }
    const MeanSem v = mean_sem(visited, kSemDdofPaperSummary);
    const MeanSem nd = mean_sem(nondigit, kSemDdofPaperSummary);
    std::printf("  %-12s %2d vectors%s: visited states %.3f +- %.3f, non-digit time %.3f +- %.3f steps\n",
                vector_set_name(set.set), set.covered.count, set.complete ? "" : " (partial)", v.mean, v.sem, nd.mean,
                nd.sem);
  }
  if (!s.analysis.paper.empty()) std::printf("  paper comparison: %s\n", (s.out / "paper_numbers.md").c_str());
}

}  // namespace rbmdyn::cli
