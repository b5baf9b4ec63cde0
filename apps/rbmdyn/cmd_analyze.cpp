// rbmdyn analyze: the generativity metrics of docs/method.md §7 for predictions made elsewhere (NPY files),
// computed by the same code as the sweep's (host/analysis/analyze_files.hpp).
#include <cstdio>
#include <memory>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "host/analysis/analyze_files.hpp"

namespace rbmdyn::cli {
namespace {

using namespace rbmdyn::analysis;

void print_analysis(const AnalyzeJob& job, const TrajectoryAnalysis& a) {
  const GroupSummary& p = a.pooled;
  std::printf("%lld chains x %lld steps in %d group(s)\n", static_cast<long long>(a.n_chains()),
              static_cast<long long>(a.n_steps()), a.n_groups());
  std::printf(
      "visited states %.3f +- %.3f, transitions (runs) %.3f +- %.3f, non-digit time %.3f +- %.3f "
      "(mean +- SEM over the %lld chains pooled, ddof 0/0/1); max visited %d\n",
      p.visited.mean, p.visited.sem, p.runs.mean, p.runs.sem, p.state_time[kNonDigit].mean, p.state_time[kNonDigit].sem,
      static_cast<long long>(a.n_chains()), p.max_visited);
  if (a.accuracy)
    std::printf("accuracy at step 1: %.4f, at step %lld: %.4f\n", a.accuracy->overall.front(),
                static_cast<long long>(a.n_steps()), a.accuracy->overall.back());
  std::printf("written to %s\n", job.out.c_str());
}

}  // namespace

void add_analyze_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("analyze", "Generativity metrics (docs/method.md §7) of predictions made elsewhere");
  add_quiet_flag(*cmd, nullptr, "progress lines");
  auto job = std::make_shared<AnalyzeJob>();
  cmd->add_option("--pred", job->pred,
                  "Classes per chain and step, integer NPY [chains, steps] or [vectors, chains, steps] (a sweep's "
                  "pred.npy, classify's classes.npy); 0..9 digits, 10 = non-digit")
      ->required();
  cmd->add_option("--labels", job->labels,
                  "Label per chain (label biasing only; enables accuracy), integer NPY [chains] or [vectors, chains]");
  cmd->add_flag("--label-biasing", job->label_biasing,
                "Label of each chain = its group (group d biased to digit d); enables accuracy");
  cmd->add_option("--groups", job->groups, "Group (biasing vector) id per chain, integer NPY [chains]");
  cmd->add_option("--chains-per-group", job->chains_per_group,
                  "Consecutive chains per group (chain = group × N + replica); default: one group");
  cmd->add_option("--entropy", job->entropy, "Classification entropy per chain and step, float NPY like --pred");
  cmd->add_option("--active", job->active, "% active hidden units per chain and step, float NPY like --pred");
  cmd->add_option("--steps", job->steps,
                  "1-based step number of each --pred column, integer NPY [steps] (default: kept_steps.npy beside "
                  "--pred, as generate and classify write; else 1..steps). --entropy/--active files with every step "
                  "are then reduced to these steps");
  cmd->add_option("--out", job->out, "Output folder (summary.json, groups.csv, per_step.csv, *.npy)")->required();
  cmd->callback([job]() { print_analysis(*job, analyze_files(*job)); });
}

RBMDYN_REGISTER_COMMAND(80, add_analyze_command);

}  // namespace rbmdyn::cli
