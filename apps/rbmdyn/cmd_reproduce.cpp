// rbmdyn reproduce: the whole study end to end, with figures and a report (host/reproduce).
#include <cstdio>
#include <memory>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "host/reproduce/reproduce.hpp"

namespace rbmdyn::cli {
namespace {

void add_reproduce_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("reproduce", "The whole study: train, bias, sweep, figures and a paper report");
  auto o = std::make_shared<ReproduceOptions>();
  cmd->add_option("--mnist", o->mnist, "MNIST folder (default: $RBMDYN_MNIST)");
  cmd->add_option("--out", o->out, "Output folder")->capture_default_str();
  cmd->add_option("--rbm", o->rbm, "Use this RBM instead of training one per seed");
  cmd->add_option("--classifier", o->classifier, "Use this classifier instead of training one");
  cmd->add_option("--seed", o->seed, "First seed")->capture_default_str();
  cmd->add_option("--seeds", o->seeds, "Number of seeds (RBM, readout and chains per seed)")->capture_default_str();
  cmd->add_flag("--quick", o->quick, "Small configuration: a few minutes on 2 CPU cores");
  add_device_option(*cmd, o->backend, "auto");
  cmd->add_option("--classifier-arch", o->classifier_arch, "paper, small, or auto (paper on CUDA, small on CPU)")
      ->capture_default_str();
  add_cuda_math_options(*cmd, o->cuda);
  cmd->add_flag("--no-k-control{false}", o->k_control, "Skip the k = 149 chimera control sweep");
  cmd->add_flag("--no-figures{false}", o->figures, "Do not draw the figures (no Python needed)");
  cmd->add_option("--plot-script", o->plot_script, "Figure script (default: scripts/plot_figures.py of the source)");
  cmd->add_flag("--quiet{false}", o->progress, "No progress lines for the training runs");
  cmd->callback([o]() {
    const ReproduceResult r = reproduce(*o);
    std::printf("reproduction done in %.1f s: %s\n", r.seconds, r.report.c_str());
  });
}

RBMDYN_REGISTER_COMMAND(100, add_reproduce_command);

}  // namespace
}  // namespace rbmdyn::cli
