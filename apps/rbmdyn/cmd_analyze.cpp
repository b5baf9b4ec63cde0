// rbmdyn analyze: the generativity metrics of method.md §7 for predictions made elsewhere (NPY files),
// computed by the same code as the sweep's (host/analysis), written as JSON, CSV and NPY.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apps/rbmdyn/commands.hpp"
#include "host/analysis/analysis_inputs.hpp"
#include "host/analysis/analysis_writer.hpp"
#include "host/analysis/trajectory_analysis.hpp"
#include "host/core/error.hpp"

namespace rbmdyn::cli {
namespace {

using namespace rbmdyn::analysis;

struct AnalyzeArgs {
  std::string pred;
  std::optional<std::string> labels;
  std::optional<std::string> groups;
  int64_t chains_per_group = 0;
  bool label_biasing = false;
  std::optional<std::string> entropy;
  std::optional<std::string> active;
  std::string out;
};

// --label-biasing: chain label = its group, so the groups must be the digits. Refused where they cannot
// be: the default single group of a 2-D file (every chain would be digit 0), and a 3-D file of other than
// the 10 label-biasing vectors (a shard's local vector ids are not digits).
std::vector<int32_t> label_biasing_labels(const AnalyzeArgs& args, const PredictionFile& f, const ChainGrouping& g) {
  if (f.n_vectors > 0 && f.n_vectors != kNumDigits)
    fail_input("--label-biasing: " + args.pred + " holds " + std::to_string(f.n_vectors) +
               " vectors, but label biasing has 10 (vector d = digit d); give --labels for a subset");
  if (f.n_vectors == 0 && !args.groups && args.chains_per_group == 0)
    fail_input("--label-biasing: " + args.pred + " is 2-D [chains, steps] and no --groups or --chains-per-group "
               "says which chains are biased to which digit (all would be digit 0)");
  if (g.n_groups > kNumDigits)
    fail_input("--label-biasing: " + std::to_string(g.n_groups) + " groups, but group d must be digit d (0..9)");
  return g.group;
}

ChainGrouping make_grouping(const AnalyzeArgs& args, const PredictionFile& f) {
  ChainGrouping g;
  std::string how;
  if (args.groups && args.chains_per_group > 0)
    fail_input("--groups and --chains-per-group: give one of them, not both");
  if (f.n_vectors > 0 && (args.groups || args.chains_per_group > 0))
    fail_input(args.pred +
               ": a 3-D [vectors, chains, steps] file already defines the groups (one per vector); "
               "drop --groups / --chains-per-group");
  if (f.n_vectors > 0) {
    g = contiguous_grouping(static_cast<int32_t>(f.n_vectors), f.n_chains / f.n_vectors);
  } else if (args.groups) {
    g.group = load_chain_values(*args.groups, f.n_chains, 0);
    int32_t max_id = -1;
    for (int32_t id : g.group) max_id = std::max(max_id, id);
    g.n_groups = max_id + 1;
  } else if (args.chains_per_group > 0) {
    if (f.n_chains % args.chains_per_group != 0)
      fail_input("--chains-per-group " + std::to_string(args.chains_per_group) + ": does not divide the " +
                 std::to_string(f.n_chains) + " chains of " + args.pred);
    g = contiguous_grouping(static_cast<int32_t>(f.n_chains / args.chains_per_group), args.chains_per_group);
  } else {
    g = contiguous_grouping(1, f.n_chains);
  }
  const std::string group_source = args.groups ? *args.groups : args.pred;
  g.validate(group_source);  // labels are checked below, naming their own file
  if (args.labels && args.label_biasing) fail_input("--labels and --label-biasing: give one of them, not both");
  if (args.labels) {
    g.label = load_chain_values(*args.labels, f.n_chains, f.n_vectors);
    g.validate(*args.labels);
  } else if (args.label_biasing) {
    g.label = label_biasing_labels(args, f, g);
  }
  return g;
}

void run(const AnalyzeArgs& args) {
  const PredictionFile f = load_predictions(args.pred);
  const ChainGrouping grouping = make_grouping(args, f);
  std::vector<float> entropy, active;
  if (args.entropy) entropy = load_step_values(*args.entropy, f.n_chains, f.n_steps, f.n_vectors);
  if (args.active) active = load_step_values(*args.active, f.n_chains, f.n_steps, f.n_vectors);
  const TrajectoryAnalysis a =
      analyze_trajectories(f.pred.data(), f.n_chains, f.n_steps, grouping, args.entropy ? entropy.data() : nullptr,
                           args.active ? active.data() : nullptr, args.pred);

  nlohmann::json inputs = {{"pred", args.pred},
                           {"n_chains", f.n_chains},
                           {"n_steps", f.n_steps},
                           {"n_vectors", f.n_vectors},
                           {"labels", args.labels ? nlohmann::json(*args.labels) : nlohmann::json(nullptr)},
                           {"label_biasing", args.label_biasing},
                           {"groups", args.groups ? nlohmann::json(*args.groups) : nlohmann::json(nullptr)},
                           {"chains_per_group", args.chains_per_group},
                           {"entropy", args.entropy ? nlohmann::json(*args.entropy) : nlohmann::json(nullptr)},
                           {"active", args.active ? nlohmann::json(*args.active) : nlohmann::json(nullptr)}};
  write_trajectory_analysis(args.out, a, inputs);

  const GroupSummary& p = a.pooled;
  std::printf("%lld chains x %lld steps in %d group(s)\n", static_cast<long long>(a.n_chains()),
              static_cast<long long>(a.n_steps()), a.n_groups());
  std::printf(
      "visited states %.3f +- %.3f, transitions (runs) %.3f +- %.3f, non-digit time %.3f +- %.3f "
      "(all chains, SEM ddof 0/0/1); max visited %d\n",
      p.visited.mean, p.visited.sem, p.runs.mean, p.runs.sem, p.state_time[kNonDigit].mean, p.state_time[kNonDigit].sem,
      p.max_visited);
  if (a.accuracy)
    std::printf("accuracy at step 1: %.4f, at step %lld: %.4f\n", a.accuracy->overall.front(),
                static_cast<long long>(a.n_steps()), a.accuracy->overall.back());
  std::printf("written to %s\n", args.out.c_str());
}

}  // namespace

void add_analyze_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("analyze", "Generativity metrics (method.md §7) of predictions made elsewhere");
  auto args = std::make_shared<AnalyzeArgs>();
  cmd->add_option("--pred", args->pred,
                  "Classes per chain and step, integer NPY [chains, steps] or [vectors, chains, steps]; 0..9 "
                  "digits, 10 = non-digit")
      ->required();
  cmd->add_option("--labels", args->labels,
                  "Label per chain (label biasing only; enables accuracy), integer NPY [chains] or [vectors, chains]");
  cmd->add_flag("--label-biasing", args->label_biasing,
                "Label of each chain = its group (group d biased to digit d); enables accuracy");
  cmd->add_option("--groups", args->groups, "Group (biasing vector) id per chain, integer NPY [chains]");
  cmd->add_option("--chains-per-group", args->chains_per_group,
                  "Consecutive chains per group (chain = group × N + replica); default: one group");
  cmd->add_option("--entropy", args->entropy, "Classification entropy per chain and step, float NPY like --pred");
  cmd->add_option("--active", args->active, "% active hidden units per chain and step, float NPY like --pred");
  cmd->add_option("--out", args->out, "Output folder (summary.json, groups.csv, per_step.csv, *.npy)")->required();
  cmd->callback([args]() { run(*args); });
}

RBMDYN_REGISTER_COMMAND(80, add_analyze_command);

}  // namespace rbmdyn::cli
