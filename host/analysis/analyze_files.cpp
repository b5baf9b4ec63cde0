#include "host/analysis/analyze_files.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/analysis/analysis_inputs.hpp"
#include "host/analysis/analysis_writer.hpp"
#include "host/core/error.hpp"
#include "host/io/npy.hpp"
#include "host/io/output_folder.hpp"
#include "host/util/run_record.hpp"

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

// The 1-based step number of each pred column: --steps, else kept_steps.npy beside pred, else empty
// (meaning 1..n_steps). Checked: one increasing number >= 1 per column.
std::vector<int32_t> step_numbers(const AnalyzeJob& job, const PredictionFile& f) {
  std::filesystem::path path;
  if (job.steps)
    path = *job.steps;
  else if (std::filesystem::is_regular_file(job.pred.parent_path() / "kept_steps.npy"))
    path = job.pred.parent_path() / "kept_steps.npy";
  else
    return {};
  const std::string name = path.string();
  const NpyArray array = load_npy_raw(path);
  if (array.shape != std::vector<int64_t>{f.n_steps})
    fail_input(name + ": shape " + shape_to_string(array.shape) + " does not match the " + std::to_string(f.n_steps) +
               " steps of " + job.pred.string() + "; expected [" + std::to_string(f.n_steps) + "] step numbers");
  std::vector<int32_t> steps;
  for (const int64_t v : integer_values(array, name)) {
    if (v < 1 || v > std::numeric_limits<int32_t>::max() || (!steps.empty() && v <= steps.back()))
      fail_input(name + ": step " + std::to_string(v) + ": step numbers must be increasing and >= 1 (1-based)");
    steps.push_back(static_cast<int32_t>(v));
  }
  return steps;
}

// Values per chain and step for the pred's columns: a file like pred, or (with step numbers) one that
// holds every step 1..T, reduced to the numbered steps.
std::vector<float> step_values(const std::filesystem::path& path, const PredictionFile& f,
                               const std::vector<int32_t>& steps) {
  if (!steps.empty()) {
    const std::vector<int64_t> shape = load_npy_raw(path).shape;
    const int64_t T = shape.empty() ? 0 : shape.back();
    if (T != f.n_steps && T >= steps.back()) {
      const std::vector<float> all = load_step_values(path, f.n_chains, T, f.n_vectors);
      std::vector<float> out(static_cast<std::size_t>(f.n_chains * f.n_steps));
      for (int64_t c = 0; c < f.n_chains; ++c)
        for (int64_t k = 0; k < f.n_steps; ++k)
          out[static_cast<std::size_t>(c * f.n_steps + k)] = all[static_cast<std::size_t>(c * T + steps[k] - 1)];
      return out;
    }
  }
  return load_step_values(path, f.n_chains, f.n_steps, f.n_vectors);
}

nlohmann::json path_or_null(const std::optional<std::filesystem::path>& p) {
  return p ? nlohmann::json(p->string()) : nlohmann::json(nullptr);
}

}  // namespace

TrajectoryAnalysis analyze_files(const AnalyzeJob& job) {
  check_output_folder(job.out, "out");
  const PredictionFile f = load_predictions(job.pred);
  const ChainGrouping grouping = make_grouping(job, f);
  const std::vector<int32_t> steps = step_numbers(job, f);
  std::vector<float> entropy, active;
  if (job.entropy) entropy = step_values(*job.entropy, f, steps);
  if (job.active) active = step_values(*job.active, f, steps);
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
                                 {"active", path_or_null(job.active)},
                                 {"step_numbers", steps}};
  write_trajectory_analysis(job.out, a, inputs, steps);
  std::vector<RunInput> files = {{"pred", job.pred, ""}};
  for (const auto& [role, path] : {std::pair{"labels", job.labels}, std::pair{"groups", job.groups},
                                   std::pair{"entropy", job.entropy}, std::pair{"active", job.active}})
    if (path) files.push_back({role, *path, ""});
  write_run_record(job.out / "run.json", run_record("analyze", inputs, files, Backend::cpu));
  return a;
}

}  // namespace rbmdyn::analysis
