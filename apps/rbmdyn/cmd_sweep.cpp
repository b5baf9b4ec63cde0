// rbmdyn sweep: the study's experiment (method.md §4–§7) — label biasing (10 vectors), intersection (45)
// and double label biasing (45) × chains × steps as one batch of Gibbs chains, every step classified
// where it was generated, the metrics reduced, and the outputs of host/sweep/sweep_files.hpp written.
#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/sweep_common.hpp"

namespace rbmdyn::cli {
namespace {

void add_sweep_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("sweep", "Biased Gibbs chains of every vector, classified per step, with metrics");
  auto args = std::make_shared<SweepArgs>();
  cmd->add_option("--rbm", args->rbm, "Trained RBM (.safetensors)")->required();
  cmd->add_option("--classifier", args->classifier, "Trained digit classifier (.safetensors)")->required();
  cmd->add_option("--out", args->out, "Output folder")->required();
  add_sweep_options(*cmd, *args);
  cmd->callback([args]() {
    const SweepRunSummary s = run_sweep_command(*args);
    print_sweep_summary(s);
  });
}

RBMDYN_REGISTER_COMMAND(90, add_sweep_command);

}  // namespace
}  // namespace rbmdyn::cli
