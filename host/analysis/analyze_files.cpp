#include "host/analysis/analyze_files.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/analysis/analysis_inputs.hpp"
#include "host/analysis/analysis_writer.hpp"
#include "host/core/error.hpp"

namespace rbmdyn::analysis {

namespace {

// The groups from a 3-D file (one per vector), a group-id file, consecutive blocks, or one group.
ChainGrouping groups_of(const AnalyzeJob& job, const PredictionFile& f) {
  const std::string pred = job.pred.string();
  if (job.groups && job.chains_per_group > 0)
    fail_input(quote_option("groups") + " and " + quote_option("chains_per_group") + ": give one of them, not both");
  if (f.n_vectors > 0 && (job.groups || job.chains_per_group > 0))
    fail_input(pred + ": a 3-D [vectors, chains, steps] file already defines the groups (one per vector); drop " +
               quote_option("groups") + " / " + quote_option("chains_per_group"));
  if (f.n_vectors > 0) return contiguous_grouping(static_cast<int32_t>(f.n_vectors), f.n_chains / f.n_vectors);
  if (job.groups) {
    ChainGrouping g;
    g.group = load_chain_values(*job.groups, f.n_chains, 0);
    int32_t max_id = -1;
    for (int32_t id : g.group) max_id = std::max(max_id, id);
    g.n_groups = max_id + 1;
    return g;
  }
  if (job.chains_per_group > 0) {
    if (f.n_chains % job.chains_per_group != 0)
      fail_input(quote_option("chains_per_group") + " " + std::to_string(job.chains_per_group) +
                 ": does not divide the " + std::to_string(f.n_chains) + " chains of " + pred);
    return contiguous_grouping(static_cast<int32_t>(f.n_chains / job.chains_per_group), job.chains_per_group);
  }
  return contiguous_grouping(1, f.n_chains);
}

// label_biasing: chain label = its group, so the groups must be the digits. Refused where they cannot be:
// the default single group of a 2-D file (every chain would be digit 0), and a 3-D file of other than the
// 10 label-biasing vectors (a shard's local vector ids are not digits).
std::vector<int32_t> label_biasing_labels(const AnalyzeJob& job, const PredictionFile& f, const ChainGrouping& g) {
  const std::string option = quote_option("label_biasing");
  if (f.n_vectors > 0 && f.n_vectors != kNumDigits)
    fail_input(option + ": " + job.pred.string() + " holds " + std::to_string(f.n_vectors) +
               " vectors, but label biasing has 10 (vector d = digit d); give " + quote_option("labels") +
               " for a subset");
  if (f.n_vectors == 0 && !job.groups && job.chains_per_group == 0)
    fail_input(option + ": " + job.pred.string() + " is 2-D [chains, steps] and no " + quote_option("groups") +
               " or " + quote_option("chains_per_group") +
               " says which chains are biased to which digit (all would be digit 0)");
  if (g.n_groups > kNumDigits)
    fail_input(option + ": " + std::to_string(g.n_groups) + " groups, but group d must be digit d (0..9)");
  return g.group;
}

ChainGrouping make_grouping(const AnalyzeJob& job, const PredictionFile& f) {
  ChainGrouping g = groups_of(job, f);
  g.validate(job.groups ? job.groups->string() : job.pred.string());  // labels are checked below, naming their own file
  if (job.labels && job.label_biasing)
    fail_input(quote_option("labels") + " and " + quote_option("label_biasing") + ": give one of them, not both");
  if (job.labels) {
    g.label = load_chain_values(*job.labels, f.n_chains, f.n_vectors);
    g.validate(job.labels->string());
  } else if (job.label_biasing) {
    g.label = label_biasing_labels(job, f, g);
  }
  return g;
}

nlohmann::json path_or_null(const std::optional<std::filesystem::path>& p) {
  return p ? nlohmann::json(p->string()) : nlohmann::json(nullptr);
}

}  // namespace

TrajectoryAnalysis analyze_files(const AnalyzeJob& job) {
  const PredictionFile f = load_predictions(job.pred);
  const ChainGrouping grouping = make_grouping(job, f);
  std::vector<float> entropy, active;
  if (job.entropy) entropy = load_step_values(*job.entropy, f.n_chains, f.n_steps, f.n_vectors);
  if (job.active) active = load_step_values(*job.active, f.n_chains, f.n_steps, f.n_vectors);
  TrajectoryAnalysis a =
      analyze_trajectories(f.pred.data(), f.n_chains, f.n_steps, grouping, job.entropy ? entropy.data() : nullptr,
                           job.active ? active.data() : nullptr, job.pred.string());
  const nlohmann::json inputs = {{"pred", job.pred.string()},
                                 {"n_chains", f.n_chains},
                                 {"n_steps", f.n_steps},
                                 {"n_vectors", f.n_vectors},
                                 {"labels", path_or_null(job.labels)},
                                 {"label_biasing", job.label_biasing},
                                 {"groups", path_or_null(job.groups)},
                                 {"chains_per_group", job.chains_per_group},
                                 {"entropy", path_or_null(job.entropy)},
                                 {"active", path_or_null(job.active)}};
  write_trajectory_analysis(job.out, a, inputs);
  return a;
}

}  // namespace rbmdyn::analysis
