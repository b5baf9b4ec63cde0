// rbmdyn sensitivity: the study under a grid of named variants × RBM seeds × classifier seeds, with the
// fidelity table and report (host/reproduce/sensitivity.hpp, fidelity.hpp).
#include <cstdio>
#include <memory>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "apps/rbmdyn/study_options.hpp"
#include "host/reproduce/sensitivity.hpp"

namespace rbmdyn::cli {
namespace {

void add_sensitivity_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "sensitivity",
      "The study under named variants of every docs/method.md §10 choice × RBM seeds × classifier seeds: a tidy table "
      "(CSV, JSON), a forest plot and fidelity.md (paper vs ours, spread, what moves each number). The output "
      "folder is a cache: rerunning resumes and reuses everything finished");
  auto o = std::make_shared<SensitivityOptions>();
  SensitivityGrid& g = o->grid;
  cmd->add_option("--mnist", o->mnist, kMnistHelp);
  cmd->add_option("--out", o->out, "Output folder (and cache)")->capture_default_str();
  add_parsed(*cmd, "--variants", g.variants, parse_variants,
             "Comma-separated variants besides the default (default: all that apply; see docs/fidelity.md)", "all");
  add_parsed(*cmd, "--rbm-seeds", g.rbm_seeds, parse_seed_list, "RBM seeds (RBM, readout and chains)", "1,2,3");
  add_parsed(*cmd, "--classifier-seeds", g.classifier_seeds, parse_seed_list, "Classifier seeds", "1,2,3");
  cmd->add_flag("--all-classifier-seeds", g.all_classifier_seeds,
                "Measure every variant with every classifier seed (default: the costly ones with the first only)");
  add_device_option(*cmd, o->backend);
  cmd->add_option("--classifier-arch", o->classifier_arch,
                  "Default classifier: paper, mid, small, or auto (paper on CUDA)")
      ->capture_default_str();
  add_study_options(*cmd, g.base);
  add_cuda_math_options(*cmd, o->cuda);
  cmd->add_option("--forest-script", o->forest_script, "Forest-plot script (default: scripts/plot_sensitivity.py)");
  cmd->add_option("--doc", o->doc, "Also write the report here (docs/fidelity.md), the forest plot beside it");
  cmd->add_flag("--plan", o->plan_only, "Print what would be trained and run (and what is cached), then stop");
  add_quiet_flag(*cmd, &o->progress, "progress lines for the training runs");
  cmd->callback([o]() {
    o->command = command_line();
    const SensitivityRun r = run_sensitivity(*o);
    if (!o->plan_only) std::printf("sensitivity done in %.1f s: %s\n", r.seconds, (o->out / "fidelity.md").c_str());
  });
}

RBMDYN_REGISTER_COMMAND(105, add_sensitivity_command);

}  // namespace
}  // namespace rbmdyn::cli
