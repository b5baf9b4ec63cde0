#include "host/sweep/sweep_files.hpp"

#include <cstdio>
#include <sstream>

#include "host/analysis/analysis_writer.hpp"
#include "host/core/error.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/json_fields.hpp"
#include "host/io/npy.hpp"
#include "host/io/read_file.hpp"
#include "host/util/run_info.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

// A matrix [n_groups, steps] of per-step mean and SEM pairs → [n_groups, 2, steps].
std::vector<double> mean_sem_rows(const analysis::StepStatistics& s, int32_t n_groups) {
  std::vector<double> out;
  for (int32_t g = 0; g < n_groups; ++g) {
    const std::vector<double> m = s.mean(g), e = s.sem(g);
    out.insert(out.end(), m.begin(), m.end());
    out.insert(out.end(), e.begin(), e.end());
  }
  return out;
}

void write_vectors_csv(const fs::path& path, const SweepData& data, const SweepAnalysis& analysis) {
  std::ostringstream csv;
  csv << "vector,set,name,digit_a,digit_b,start_active_percent";
  for (const std::string& c : analysis::group_csv_columns()) csv << "," << c;
  csv << "\n";
  for (const SetAnalysis& s : analysis.sets)
    for (int32_t g = 0; g < s.analysis.n_groups(); ++g) {
      const int global = s.covered.first + g;
      int a = global, b = global;
      if (s.set != VectorSet::lb) {
        const auto& pair = digit_pairs()[static_cast<std::size_t>(global - vector_range(s.set).first)];
        a = pair[0];
        b = pair[1];
      }
      csv << global << "," << vector_method(global) << "," << vector_name(global) << "," << a << "," << b << ","
          << analysis::format_number(data.start_activity[static_cast<std::size_t>(global - data.vectors.first)]);
      for (const std::string& v : analysis::group_csv_values(s.analysis.groups[static_cast<std::size_t>(g)]))
        csv << "," << v;
      csv << "\n";
    }
  write_text_atomically(path, csv.str());
}

nlohmann::json read_json(const fs::path& path) {
  const std::vector<uint8_t> bytes = read_file_bytes(path);
  try {
    return nlohmann::json::parse(bytes.begin(), bytes.end());
  } catch (const nlohmann::json::exception& e) {
    fail_input(path.string() + ": not valid JSON (" + json_error_text(e) + ")");
  }
}

template <class T>
std::vector<T> read_array(const fs::path& path, const std::vector<int64_t>& shape) {
  std::vector<int64_t> got;
  std::vector<T> values = load_npy<T>(path, &got);
  if (got != shape)
    fail_input(path.string() + ": shape " + shape_to_string(got) + ", expected " + shape_to_string(shape) +
               " from config.json");
  return values;
}

// Every value finite and within [lo, hi] (the range its definition allows, plus float rounding), or an
// InputError naming the file: a NaN entropy or a 500 % activity would otherwise flow into the metrics.
void check_range(const std::vector<float>& values, float lo, float hi, const fs::path& path, const char* what) {
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!(values[i] >= lo && values[i] <= hi)) {
      char text[160];
      std::snprintf(text, sizeof text, ": value %g at flat index %zu is outside [%g, %g] (%s)",
                    static_cast<double>(values[i]), i, static_cast<double>(lo), static_cast<double>(hi), what);
      fail_input(path.string() + text);
    }
}

}  // namespace

OwnedName sweep_folder_names() {
  return owned_names({"config.json", "biasing", "pred.npy", "entropy.npy", "activity.npy", "examples.npy",
                      "start_activity.npy", "lb_vectors.npy", "vectors.csv", "transitions.npy",
                      "step_accuracy.npy", "step_activity.npy", "step_entropy.npy", "transitions_lb_pooled.npy",
                      "summary.json", "paper_numbers.json", "paper_numbers.md"});
}

void write_sweep_folder(const fs::path& dir, const SweepData& data, const SweepAnalysis& analysis,
                        const BiasingSet& biasing, const SweepRecord& record) {
  const int64_t V = data.vector_count(), C = data.chains(), T = data.steps();
  const auto E = static_cast<int64_t>(data.options.example_chains);
  const auto K = static_cast<int64_t>(data.options.example_steps.size());

  save_biasing_set(dir / "biasing", biasing, {});
  save_npy(dir / "pred.npy", data.pred, {V, C, T});
  save_npy(dir / "entropy.npy", data.entropy, {V, C, T});
  save_npy(dir / "activity.npy", data.activity, {V, C, T});
  save_npy(dir / "examples.npy", data.examples, {V, E, K, data.n_visible});
  save_npy(dir / "start_activity.npy", data.start_activity, {V});
  save_npy(dir / "lb_vectors.npy", biasing.lb, {kLbVectors, biasing.n_hidden});

  std::vector<int64_t> transitions;
  std::vector<double> step_activity, step_entropy;
  nlohmann::json methods = nlohmann::json::object();
  for (const SetAnalysis& s : analysis.sets) {
    const auto& a = s.analysis;
    transitions.insert(transitions.end(), a.transitions.counts.begin(), a.transitions.counts.end());
    const std::vector<double> act = mean_sem_rows(*a.active, a.n_groups());
    const std::vector<double> ent = mean_sem_rows(*a.entropy, a.n_groups());
    step_activity.insert(step_activity.end(), act.begin(), act.end());
    step_entropy.insert(step_entropy.end(), ent.begin(), ent.end());
    nlohmann::json m = analysis::analysis_summary_json(a);
    m["vectors"] = {{"first", s.covered.first}, {"count", s.covered.count}, {"complete", s.complete}};
    methods[vector_set_name(s.set)] = std::move(m);
    if (s.set == VectorSet::lb) {
      save_npy(dir / "step_accuracy.npy", a.accuracy->per_label.data() + s.covered.first * T,
               {s.covered.count, T});
      save_npy(dir / "transitions_lb_pooled.npy", a.transitions.pooled_probabilities, {kNumStates, kNumStates});
    }
  }
  save_npy(dir / "transitions.npy", transitions, {V, kNumStates, kNumStates});
  save_npy(dir / "step_activity.npy", step_activity, {V, 2, T});
  save_npy(dir / "step_entropy.npy", step_entropy, {V, 2, T});
  write_vectors_csv(dir / "vectors.csv", data, analysis);

  nlohmann::json summary = {{"methods", methods}, {"conventions", analysis::conventions_json()}};
  if (!analysis.paper.empty()) {
    summary["paper_numbers"] = analysis::paper_numbers_json(analysis.paper);
    analysis::write_paper_numbers(dir, analysis.paper);
  }
  write_text_atomically(dir / "summary.json", summary.dump(2) + "\n");

  nlohmann::json config = {{"format", "rbmdyn.sweep"},
                           {"format_version", 1},
                           {"options", data.options},
                           {"vectors", {{"first", data.vectors.first}, {"count", data.vectors.count}}},
                           {"n_visible", data.n_visible},
                           {"n_hidden", data.n_hidden},
                           {"chains", C},
                           {"steps", T},
                           {"example_steps", [&] {
                              std::vector<int> one_based;
                              for (int s : data.options.example_steps) one_based.push_back(s + 1);
                              return one_based;
                            }()},
                           {"k", biasing.k},
                           {"inputs", record.inputs},
                           {"classifier", record.classifier},
                           {"timings", record.timings},
                           {"environment", run_environment()}};
  write_text_atomically(dir / "config.json", config.dump(2) + "\n");
}

SweepFolder read_sweep_folder(const fs::path& dir) {
  const fs::path config_path = dir / "config.json";
  const nlohmann::json config = read_json(config_path);
  const std::string source = config_path.string();
  if (!config.is_object() || !config.contains("format") || config.at("format") != "rbmdyn.sweep")
    fail_input(source + ": not an rbmdyn sweep folder");
  SweepFolder f;
  SweepData& d = f.data;
  try {
    d.options = sweep_options_from_json(config.at("options"), source);
    json_get_to(config.at("vectors"), "first", d.vectors.first);
    json_get_to(config.at("vectors"), "count", d.vectors.count);
    json_get_to(config, "n_visible", d.n_visible);
    json_get_to(config, "n_hidden", d.n_hidden);
    f.record.inputs = config.at("inputs");
    f.record.classifier = config.at("classifier").get<std::string>();
    f.record.timings = config.at("timings");
  } catch (const nlohmann::json::exception& e) {
    fail_input(source + ": malformed (" + json_error_text(e) + ")");
  }
  const SweepOptions& o = d.options;
  const VectorRange expected = o.vectors();
  if (expected.first != d.vectors.first || expected.count != d.vectors.count)
    fail_input(source + ": covered vectors do not match set " + vector_set_name(o.set) + " shard " +
               shard_name(o.shard));
  const int64_t V = d.vectors.count, C = o.chains, T = o.steps;
  d.pred = read_array<uint8_t>(dir / "pred.npy", {V, C, T});
  analysis::validate_predictions(d.pred.data(), V * C, T, (dir / "pred.npy").string());
  d.entropy = read_array<float>(dir / "entropy.npy", {V, C, T});
  d.activity = read_array<float>(dir / "activity.npy", {V, C, T});
  d.examples = read_array<float>(dir / "examples.npy",
                                 {V, o.example_chains, static_cast<int64_t>(o.example_steps.size()), d.n_visible});
  d.start_activity = read_array<float>(dir / "start_activity.npy", {V});
  constexpr float kSlack = 1.0001f;  // float rounding of the per-chain computations
  check_range(d.entropy, 0.0f, 2.302585093f * kSlack, dir / "entropy.npy", "digit entropy in nats, at most ln 10");
  check_range(d.activity, 0.0f, 100.0f * kSlack, dir / "activity.npy", "% active hidden units");
  check_range(d.start_activity, 0.0f, 100.0f * kSlack, dir / "start_activity.npy", "% active hidden units");
  check_range(d.examples, 0.0f, 1.0f, dir / "examples.npy", "visible states");
  f.biasing = load_biasing_set(dir / "biasing");
  if (f.biasing.n_hidden != d.n_hidden)
    fail_input((dir / "biasing").string() + ": n_hidden differs from " + source);
  return f;
}

}  // namespace rbmdyn
