// rbmdyn reproduce: the whole study end to end, with figures, a report and the fidelity table
// (host/reproduce).
#include <cstdio>
#include <memory>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "apps/rbmdyn/study_options.hpp"
#include "host/reproduce/reproduce.hpp"

namespace rbmdyn::cli {
namespace {

void add_reproduce_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("reproduce", "The whole study: train, bias, sweep, figures, a paper report and the "
                                              "fidelity table");
  auto o = std::make_shared<ReproduceOptions>();
  cmd->add_option("--mnist", o->mnist, kMnistHelp);
  cmd->add_option("--out", o->out, "Output folder")->capture_default_str();
  cmd->add_option("--rbm", o->rbm, "Use this RBM instead of training one per seed");
  cmd->add_option("--classifier", o->classifier, "Use this classifier instead of training one");
  add_seed_option(*cmd, o->seed, "First seed");
  cmd->add_option("--seeds", o->seeds, "Number of seeds (RBM, readout and chains per seed)")->capture_default_str();
  cmd->add_option("--parallel-seeds", o->parallel_seeds,
                  "Seeds run at once (0 = as many as GPU memory allows; one at a time on the CPU)")
      ->capture_default_str();
  add_device_option(*cmd, o->backend);
  cmd->add_option("--classifier-arch", o->classifier_arch, "paper, mid, small, or auto (paper on CUDA, small on CPU)")
      ->capture_default_str();
  add_study_options(*cmd, o->study);
  cmd->add_flag("--tiny", o->tiny, "Tests of the pipeline only: 1 epoch each, 3 chains (numbers mean nothing)");
  add_cuda_math_options(*cmd, o->cuda);
  cmd->add_flag("--no-k-control{false}", o->k_control, "Skip the k = 149 chimera control sweep");
  cmd->add_flag("--no-figures{false}", o->figures, "Do not draw the figures (no Python needed)");
  cmd->add_option("--plot-script", o->plot_script, "Figure script (default: scripts/plot_figures.py of the source)");
  add_quiet_flag(*cmd, &o->progress, "progress lines for the training runs");
  cmd->callback([o]() {
    o->command = command_line();
    const ReproduceResult r = reproduce(*o);
    std::printf("reproduction done in %.1f s: %s, %s\n", r.seconds, r.report.c_str(), r.fidelity.c_str());
  });
}

RBMDYN_REGISTER_COMMAND(100, add_reproduce_command);

}  // namespace
}  // namespace rbmdyn::cli
