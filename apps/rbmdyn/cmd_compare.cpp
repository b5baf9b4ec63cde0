// rbmdyn compare: the RBM against the deep models (dbn.md §8), through the study's sweep, metrics and
// statistics (host/reproduce/compare_models.hpp).
#include <cmath>
#include <cstdio>
#include <memory>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "host/reproduce/compare_models.hpp"

namespace rbmdyn::cli {
namespace {

void add_compare_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("compare", "RBM vs iDBN (and gDBN, and the rbm-dbn control): the across-model table of dbn.md §8");
  auto o = std::make_shared<CompareOptions>();
  cmd->add_option("--mnist", o->mnist, "MNIST folder (default: $RBMDYN_MNIST)");
  cmd->add_option("--out", o->out, "Output folder")->capture_default_str();
  cmd->add_option("--models", o->models, "Any of rbm, idbn, gdbn, rbm-dbn (a 784-<top> RBM with the DBN recipe, dbn.md §9 #5)")->delimiter(',')->capture_default_str();
  cmd->add_option("--classifier", o->classifier, "Use this classifier instead of training one");
  cmd->add_option("--classifier-arch", o->classifier_arch, "paper, mid, small, or auto (paper on CUDA, small on CPU)")
      ->capture_default_str();
  cmd->add_option("--rbm", o->rbm, "Use this RBM file");
  cmd->add_option("--idbn", o->idbn, "Use this iDBN stack file");
  cmd->add_option("--gdbn", o->gdbn, "Use this gDBN stack file");
  cmd->add_option("--rbm-dbn", o->rbm_dbn, "Use this one-layer stack file for rbm-dbn");
  cmd->add_option("--seed", o->seed, "Seed of training, readout and chains (the first, with --seeds)")->capture_default_str();
  cmd->add_option("--seeds", o->seeds, "Number of seeds, each into seed-<s>/, with a table across seeds")->capture_default_str();
  cmd->add_flag("--quick", o->quick, "CI size: small models on 12,800 images (deep: 784-200-200-300, lr 0.1, 10 epochs), 5 chains per vector");
  cmd->add_option("--sizes", o->sizes, "Deep models' layer sizes (784-500-500-2000: the top-layer control of dbn.md §9 #1)")->capture_default_str();
  add_parsed(*cmd, "--idbn-schedule", o->idbn_schedule,
             [](const std::string& s, const std::string& n) { return parse_idbn_schedule(s, n); }, "epoch or minibatch", "epoch");
  add_parsed(*cmd, "--deep-step", o->deep_step, [](const std::string& s, const std::string& n) { return parse_deep_step(s, n); },
             "sweep (the authors' code) or top_gibbs (classic DBN sampler)", "sweep");
  cmd->add_option("--k", o->k, "Deep models' top-k (default: the rule of dbn.md §4.4; 111 = the authors')");
  add_device_option(*cmd, o->backend);
  cmd->add_flag("--no-figures{false}", o->figures, "Do not draw the figures (no Python needed)");
  cmd->add_option("--plot-script", o->plot_script, "Figure script (default: scripts/plot_compare.py of the source)");
  cmd->add_flag("--quiet{false}", o->progress, "No progress lines for the training runs");
  cmd->callback([o]() {
    const CompareResult r = compare_models(*o);
    for (const CompareRow& row : r.rows)
      std::printf("%s%-7s %-13s paper %6s  ours %.3f ± %.3f%s\n",
                  o->seeds > 1 ? ("seed " + std::to_string(row.seed) + "  ").c_str() : "", row.model.c_str(), row.method.c_str(),
                  std::isnan(row.paper) ? "—" : std::to_string(row.paper).substr(0, 5).c_str(), row.ours, row.ours_sem,
                  row.more_than_rbm < 0 ? "" : row.more_than_rbm == 1 ? "  (more states than the RBM)" : "  (not more than the RBM)");
    std::printf("compare done in %.1f s on %s: %s\n", r.seconds, backend_name(o->backend), r.report.c_str());
  });
}

RBMDYN_REGISTER_COMMAND(101, add_compare_command);

}  // namespace
}  // namespace rbmdyn::cli
