// rbmdyn reproduce: the whole study end to end, with figures and a report (host/reproduce).
#include <cstdio>

#include "apps/rbmdyn/commands.hpp"
#include "host/data/mnist.hpp"
#include "host/reproduce/reproduce.hpp"

namespace rbmdyn::cli {
namespace {

struct ReproduceArgs {
  std::optional<std::string> mnist, rbm, classifier, plot_script;
  std::string out = "out/reproduce";
  std::string device = "auto";
  std::string arch = "auto";
  std::string math = "tf32";
  uint64_t seed = 1;
  int seeds = 1;
  bool quick = false, deterministic = false, no_k_control = false, no_figures = false, quiet = false;
};

void add_reproduce_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("reproduce", "The whole study: train, bias, sweep, figures and a paper report");
  auto a = std::make_shared<ReproduceArgs>();
  cmd->add_option("--mnist", a->mnist, "MNIST folder (default: $RBMDYN_MNIST)");
  cmd->add_option("--out", a->out, "Output folder")->capture_default_str();
  cmd->add_option("--rbm", a->rbm, "Use this RBM instead of training one per seed");
  cmd->add_option("--classifier", a->classifier, "Use this classifier instead of training one");
  cmd->add_option("--seed", a->seed, "First seed")->capture_default_str();
  cmd->add_option("--seeds", a->seeds, "Number of seeds (RBM, readout and chains per seed)")->capture_default_str();
  cmd->add_flag("--quick", a->quick, "Small configuration: a few minutes on 2 CPU cores");
  cmd->add_option("--device", a->device, "cpu, cuda or auto")->capture_default_str();
  cmd->add_option("--classifier-arch", a->arch, "paper, small, or auto (paper on CUDA, small on CPU)")
      ->capture_default_str();
  cmd->add_option("--math", a->math, "CUDA classifier math: tf32 or fp32")->capture_default_str();
  cmd->add_flag("--deterministic", a->deterministic, "CUDA classifier: fp32 and deterministic algorithms");
  cmd->add_flag("--no-k-control", a->no_k_control, "Skip the k = 149 chimera control sweep");
  cmd->add_flag("--no-figures", a->no_figures, "Do not draw the figures (no Python needed)");
  cmd->add_option("--plot-script", a->plot_script, "Figure script (default: scripts/plot_figures.py of the source)");
  cmd->add_flag("--quiet", a->quiet, "No progress lines for the training runs");
  cmd->callback([a]() {
    ReproduceOptions o;
    o.mnist = resolve_mnist_dir(a->mnist);
    o.out = a->out;
    if (a->rbm) o.rbm = *a->rbm;
    if (a->classifier) o.classifier = *a->classifier;
    o.seed = a->seed;
    o.seeds = a->seeds;
    o.quick = a->quick;
    o.backend = parse_backend(a->device);
    o.classifier_arch = a->arch;
    o.cuda.math = parse_math_mode(a->math);
    o.cuda.deterministic = a->deterministic;
    o.k_control = !a->no_k_control;
    o.figures = !a->no_figures;
    if (a->plot_script) o.plot_script = *a->plot_script;
    o.progress = !a->quiet;
    const ReproduceResult r = reproduce(o);
    std::printf("reproduction done in %.1f s: %s\n", r.seconds, r.report.c_str());
  });
}

RBMDYN_REGISTER_COMMAND(100, add_reproduce_command);

}  // namespace
}  // namespace rbmdyn::cli
