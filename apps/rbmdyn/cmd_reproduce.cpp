// rbmdyn reproduce: the whole study end to end, with figures, a report and the fidelity table
// (host/reproduce).
#include <cstdio>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/study_options.hpp"
#include "host/classifier/engine.hpp"
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
  int parallel_seeds = 0;
  bool deterministic = false, no_k_control = false, no_figures = false, quiet = false;
  StudyArgs study;
};

// The command line that reproduces this run (recorded in fidelity.md).
std::string command_text(const ReproduceArgs& a) {
  std::string s = "rbmdyn reproduce --out " + a.out + " --device " + a.device + " --seed " + std::to_string(a.seed) +
                  " --seeds " + std::to_string(a.seeds) + " --classifier-arch " + a.arch + study_args_text(a.study);
  if (a.rbm) s += " --rbm " + *a.rbm;
  if (a.classifier) s += " --classifier " + *a.classifier;
  if (a.no_k_control) s += " --no-k-control";
  return s;
}

void add_reproduce_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("reproduce", "The whole study: train, bias, sweep, figures, a paper report and the "
                                              "fidelity table");
  auto a = std::make_shared<ReproduceArgs>();
  cmd->add_option("--mnist", a->mnist, "MNIST folder (default: $RBMDYN_MNIST)");
  cmd->add_option("--out", a->out, "Output folder")->capture_default_str();
  cmd->add_option("--rbm", a->rbm, "Use this RBM instead of training one per seed");
  cmd->add_option("--classifier", a->classifier, "Use this classifier instead of training one");
  cmd->add_option("--seed", a->seed, "First seed")->capture_default_str();
  cmd->add_option("--seeds", a->seeds, "Number of seeds (RBM, readout and chains per seed)")->capture_default_str();
  cmd->add_option("--parallel-seeds", a->parallel_seeds,
                  "Seeds run at once (0 = as many as GPU memory allows; one at a time on the CPU)")
      ->capture_default_str();
  cmd->add_option("--device", a->device, "cpu, cuda or auto")->capture_default_str();
  cmd->add_option("--classifier-arch", a->arch, "paper, mid, small, or auto (paper on CUDA, small on CPU)")
      ->capture_default_str();
  add_study_options(*cmd, a->study);
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
    o.parallel_seeds = a->parallel_seeds;
    o.study = study_config_from(a->study);
    o.backend = parse_backend(a->device);
    o.classifier_arch = a->arch;
    o.math = parse_math_mode(a->math);
    o.deterministic = a->deterministic;
    o.k_control = !a->no_k_control;
    o.figures = !a->no_figures;
    if (a->plot_script) o.plot_script = *a->plot_script;
    o.progress = !a->quiet;
    o.command = command_text(*a);
    const ReproduceResult r = reproduce(o);
    std::printf("reproduction done in %.1f s: %s, %s\n", r.seconds, r.report.c_str(), r.fidelity.c_str());
  });
}

RBMDYN_REGISTER_COMMAND(100, add_reproduce_command);

}  // namespace
}  // namespace rbmdyn::cli
