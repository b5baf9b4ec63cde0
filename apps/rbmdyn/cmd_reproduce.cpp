// rbmdyn reproduce: the whole study end to end, with figures, a report and the fidelity table
// (host/reproduce); with --model idbn or gdbn, the deep-model study of docs/dbn.md (the model comparison
// of host/reproduce/compare_models.hpp, the RBM beside the deep model).
#include <cstdio>
#include <memory>
#include <set>
#include <string>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "apps/rbmdyn/study_options.hpp"
#include "host/core/error.hpp"
#include "host/reproduce/compare_models.hpp"
#include "host/reproduce/reproduce.hpp"

namespace rbmdyn::cli {
namespace {

// `reproduce --model idbn|gdbn`: the options that carry over to the deep-model study; any other option
// given is refused (it would silently do nothing).
void run_deep_study(const CLI::App& cmd, const ReproduceOptions& o, const std::string& model) {
  static const std::set<std::string> carried = {"--mnist", "--out",   "--rbm",   "--classifier", "--seed",
                                                "--seeds", "--device", "--quick", "--quiet",      "--model",
                                                "--classifier-arch", "--no-figures"};
  for (const CLI::Option* option : cmd.get_options())
    if (option->count() > 0 && carried.count(option->get_name()) == 0)
      fail_input(option->get_name() + ": not used with " + quote_option("model") + " " + model +
                 " (the deep-model study takes --mnist, --out, --rbm, --classifier, --classifier-arch, --seed, --seeds, --device, "
                 "--quick, --no-figures, --quiet)");
  CompareOptions c;
  c.mnist = o.mnist;
  c.out = o.out;
  c.models = {"rbm", model};
  c.classifier = o.classifier;
  c.classifier_arch = o.classifier_arch;
  c.rbm = o.rbm;
  c.seed = o.seed;
  c.seeds = o.seeds;
  c.quick = o.study.quick;
  c.backend = o.backend;
  c.progress = o.progress;
  c.figures = o.figures;
  const CompareResult r = compare_models(c);
  for (const CompareRow& row : r.rows)
    std::printf("seed %llu  %-5s %-13s ours %.3f ± %.3f%s\n", static_cast<unsigned long long>(row.seed), row.model.c_str(),
                row.method.c_str(), row.ours, row.ours_sem,
                row.more_than_rbm < 0 ? "" : row.more_than_rbm == 1 ? "  (more states than the RBM)" : "  (not more than the RBM)");
  std::printf("deep-model study done in %.1f s: %s\n", r.seconds, r.report.c_str());
}

void add_reproduce_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("reproduce", "The whole study: train, bias, sweep, figures, a paper report and the "
                                              "fidelity table");
  auto o = std::make_shared<ReproduceOptions>();
  auto model = std::make_shared<std::string>("rbm");
  cmd->add_option("--model", *model,
                  "rbm (docs/method.md), or idbn / gdbn: the deep-model study of docs/dbn.md, the RBM beside the deep model "
                  "(as `compare`)")
      ->check(CLI::IsMember({"rbm", "idbn", "gdbn"}))
      ->capture_default_str();
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
  cmd->callback([cmd, o, model]() {
    if (*model != "rbm") return run_deep_study(*cmd, *o, *model);
    o->command = command_line();
    const ReproduceResult r = reproduce(*o);
    std::printf("reproduction done in %.1f s: %s, %s\n", r.seconds, r.report.c_str(), r.fidelity.c_str());
  });
}

RBMDYN_REGISTER_COMMAND(100, add_reproduce_command);

}  // namespace
}  // namespace rbmdyn::cli
