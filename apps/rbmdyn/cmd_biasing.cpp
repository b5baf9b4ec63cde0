// rbmdyn biasing: the label-biasing readout of a trained RBM over the MNIST training set (method.md §3)
// and the biasing vectors derived from it: LB, intersection and double-LB with the k of §5.1.
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

#include "apps/rbmdyn/commands.hpp"
#include "host/biasing/derive_biasing.hpp"
#include "host/core/error.hpp"
#include "host/data/mnist.hpp"
#include "host/util/run_info.hpp"

namespace rbmdyn::cli {
namespace {

struct BiasingArgs {
  std::string rbm;
  std::optional<std::string> mnist;
  std::string out;
  std::optional<int> k;
  uint64_t seed = 1;
  std::string device = "cpu";
  std::string readout = "sampled";
};

void run(const BiasingArgs& args) {
  const auto t0 = std::chrono::steady_clock::now();
  const Rbm rbm = load_rbm(args.rbm);
  if (rbm.n_visible != kMnistPixels)
    fail_input(args.rbm + ": the RBM has " + std::to_string(rbm.n_visible) + " visible units; MNIST needs " +
               std::to_string(kMnistPixels));
  if (args.k && (*args.k < 1 || *args.k > rbm.n_hidden))
    fail_input("--k " + std::to_string(*args.k) + ": must be in 1.." + std::to_string(rbm.n_hidden) +
               " (the hidden units)");
  const Backend backend = parse_backend(args.device);
  require_backend_available(backend);
  const ReadoutMode mode = parse_readout_mode(args.readout);
  const auto dir = resolve_mnist_dir(args.mnist);
  const MnistSet train = load_mnist(dir, "train");
  const std::vector<float> images = train.split.to_unit_float();
  const int64_t n = train.split.count();

  DerivedBiasing derived =
      derive_biasing(rbm, images.data(), train.split.labels.data(), n, args.seed, backend, mode, args.k);
  const BiasingSet& set = derived.set;
  const int k = set.k;
  const int k_rule = derived.summary["k_rule"].get<int>();
  const std::vector<double> act = derived.summary["step1_active_percent"].get<std::vector<double>>();
  const double act_mean = derived.summary["step1_active_percent_mean"].get<double>();
  const double act_sem = derived.summary["step1_active_percent_sem"].get<double>();
  const int min_overlap = derived.summary["overlap_min"].get<int>();
  const int max_overlap = derived.summary["overlap_max"].get<int>();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  nlohmann::json summary = derived.summary;
  summary.update({
      {"config",
       {{"rbm", args.rbm},
        {"mnist", dir.string()},
        {"images", n},
        {"readout", readout_mode_name(mode)},
        {"seed", args.seed},
        {"device", backend_name(backend)},
        {"k", args.k ? nlohmann::json(*args.k) : nlohmann::json("rule")}}},
      {"seconds", seconds},
      {"environment", run_environment()}});
  save_biasing_set(args.out, set, summary);

  std::printf("readout of %lld images (%s, %s) in %.1f s\n", static_cast<long long>(n), readout_mode_name(mode),
              backend_name(backend), seconds);
  std::printf("%% active hidden at step 1 per digit:");
  for (const double a : act) std::printf(" %.3f", a);
  std::printf("\n  mean %.3f +- %.3f %% (SEM ddof 0, n = 10; paper 14.964 +- 0.079)\n", act_mean, act_sem);
  std::printf("k = %d (rule: %d%s); intersection overlaps %d..%d units\n", k, k_rule,
              args.k ? ", overridden by --k" : "", min_overlap, max_overlap);
  std::printf("written to %s\n", args.out.c_str());
}

}  // namespace

void add_biasing_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("biasing", "Label-biasing readout and biasing vectors (method.md §3, §5)");
  auto args = std::make_shared<BiasingArgs>();
  cmd->add_option("--rbm", args->rbm, "Trained RBM (.safetensors)")->required();
  cmd->add_option("--mnist", args->mnist, "MNIST folder (default: $RBMDYN_MNIST)");
  cmd->add_option("--out", args->out,
                  "Output folder: lb.npy, intersection.npy, double.npy, pairs.npy, overlap.npy, summary.json")
      ->required();
  cmd->add_option("--k", args->k, "Top-k for the chimera vectors (default: the rule of method.md §5.1; the paper's "
                                  "value is 149)");
  cmd->add_option("--seed", args->seed, "Seed of the readout's hidden samples")->capture_default_str();
  cmd->add_option("--device", args->device, "cpu or cuda")->capture_default_str();
  cmd->add_option("--readout", args->readout,
                  "sampled (one Bernoulli sample per image, the study's choice) or probabilities")
      ->capture_default_str();
  cmd->callback([args]() { run(*args); });
}

RBMDYN_REGISTER_COMMAND(30, add_biasing_command);

}  // namespace rbmdyn::cli
