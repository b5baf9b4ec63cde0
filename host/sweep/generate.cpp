#include "host/sweep/generate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "host/core/error.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/image_grid.hpp"
#include "host/io/output_folder.hpp"
#include "host/util/memory_check.hpp"
#include "host/io/npy.hpp"
#include "host/util/progress.hpp"
#include "host/util/run_info.hpp"
#include "host/util/run_record.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

// Rows of Fig. 2a / 3c in the BI snapshot (1-based steps), docs/method.md §8.
const std::vector<int> kFigureSteps = {1, 2, 3, 4, 5, 10, 25, 50, 100};

// The 0-based steps of 1-based "1,2,5,100" (each in 1..steps).
std::set<int> listed_steps(const std::string& text, int steps) {
  std::set<int> chosen;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    try {
      std::size_t used = 0;
      const int s = std::stoi(item, &used);
      if (used != item.size()) throw std::invalid_argument(item);
      if (s < 1 || s > steps)
        fail_input(quote_option("keep_steps") + ": step " + item + " is outside 1.." + std::to_string(steps));
      chosen.insert(s - 1);
    } catch (const std::logic_error&) {
      fail_input(quote_option("keep_steps") + ": '" + item +
                 "' is not a step number (use figure, all, none or e.g. 1,2,5,100)");
    }
  }
  return chosen;
}

// keep_steps: figure (the Fig. 2a rows that exist, plus the last step), all, none, or a list of 1-based
// steps. The keep fields of the chains' options.
GibbsOptions keep_options(const std::string& text, int steps) {
  GibbsOptions o;
  if (text == "all" || text == "none") {
    o.keep_visible = text == "all" ? KeepVisible::all : KeepVisible::none;
    return o;
  }
  std::set<int> chosen;
  if (text == "figure") {
    for (const int s : kFigureSteps)
      if (s <= steps) chosen.insert(s - 1);
    chosen.insert(steps - 1);
  } else {
    chosen = listed_steps(text, steps);
  }
  o.keep_visible = KeepVisible::steps;
  o.keep_steps.assign(chosen.begin(), chosen.end());
  return o;
}

// Reports progress from the CPU engine's per-step callback.
class ProgressSink final : public GibbsStepSink {
 public:
  explicit ProgressSink(int steps) : line_("generate", steps) {}
  void on_step(const GibbsStepView& view) override { line_.update(view.step + 1); }

 private:
  ProgressLine line_;
};

// How a grid is labelled: the title (what it shows) and, per column group, the vector's digit or pair.
struct GridText {
  std::string title;
  VectorRange range;  // to name the local vectors
};

// "digit 3" for an LB vector, "3-6" for a chimera pair.
std::string column_label(int global) {
  const std::string name = vector_name(global);  // "lb/3", "intersection/3-6"
  const std::string tail = name.substr(name.find('/') + 1);
  return vector_method(global) == std::string("lb") ? "digit " + tail : tail;
}

// Grid PNG: rows = `rows` (indices into kept steps), columns = the first `replicas` chains of each vector
// in `vectors` (local vector indices), labelled (row = step, column = digit or pair, title, legend).
// visible: [V, C, K, nv]. False (nothing written) when there is nothing to draw: no kept steps, no
// vectors, or a visible layer that is not a square image.
bool write_grid(const fs::path& path, const GibbsResult& r, int64_t chains, const std::vector<int>& rows,
                const std::vector<int64_t>& vectors, int64_t replicas, const GridText& text) {
  const int64_t nv = r.n_visible;
  const auto K = static_cast<int64_t>(r.kept_steps.size());
  const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(nv))));
  if (rows.empty() || vectors.empty() || static_cast<int64_t>(side) * side != nv) return false;
  const int64_t cols = static_cast<int64_t>(vectors.size()) * replicas;
  std::vector<float> cells;
  cells.reserve(static_cast<std::size_t>(static_cast<int64_t>(rows.size()) * cols * nv));
  for (const int k : rows)
    for (const int64_t v : vectors)
      for (int64_t c = 0; c < replicas; ++c) {
        const float* img = r.visible.data() + ((v * chains + c) * K + k) * nv;
        cells.insert(cells.end(), img, img + nv);
      }
  GridLayout g;
  g.rows = static_cast<int>(rows.size());
  g.cols = static_cast<int>(cols);
  g.height = g.width = side;
  GridLabels labels;
  labels.title = text.title;
  labels.legend = "rows: generation step. columns: " + std::to_string(replicas) +
                  (replicas == 1 ? " chain" : " chains") +
                  " per vector. cells: visible probabilities, 0 black, 1 white";
  for (const int k : rows)
    labels.row_labels.push_back("step " + std::to_string(r.kept_steps[static_cast<std::size_t>(k)] + 1));
  for (const int64_t v : vectors) labels.col_labels.push_back(column_label(text.range.first + static_cast<int>(v)));
  labels.col_group = static_cast<int>(replicas);
  write_labelled_grid_png(path, cells.data(), g, labels);
  return true;
}

std::string method_title(const std::string& method) {
  if (method == "lb") return "label biasing: chains from the vector of each digit";
  if (method == "intersection") return "intersection chimeras: chains from the vector of each digit pair";
  return "double label biasing chimeras: chains from the vector of each digit pair";
}

// The local vector indices of each method present, in order ("lb", "intersection", "double").
std::vector<std::pair<std::string, std::vector<int64_t>>> methods_of(VectorRange range) {
  std::vector<std::pair<std::string, std::vector<int64_t>>> methods;
  for (int64_t v = 0; v < range.count; ++v) {
    const std::string m = vector_method(range.first + static_cast<int>(v));
    if (methods.empty() || methods.back().first != m) methods.push_back({m, {}});
    methods.back().second.push_back(v);
  }
  return methods;
}

// The sample grids of Fig. 2a / 3c: per method, rows = kept figure steps, columns = vectors (× replicas);
// and for the chimeras, {3,6} and {6,9} with three chains each. Returns the file names written.
std::vector<std::string> write_grids(const fs::path& out, const GibbsResult& r, const GenerateJob& job,
                                     VectorRange range) {
  const auto K = static_cast<int64_t>(r.kept_steps.size());
  std::vector<int> grid_rows;
  for (int k = 0; k < K; ++k) {
    const int step = r.kept_steps[static_cast<std::size_t>(k)] + 1;
    if (K <= 12 || std::find(kFigureSteps.begin(), kFigureSteps.end(), step) != kFigureSteps.end())
      grid_rows.push_back(k);
  }
  std::vector<std::string> grids;
  const auto methods = methods_of(range);
  const int64_t replicas = std::min<int64_t>(job.grid_replicas, job.chains);
  if (replicas > 0)
    for (const auto& [method, locals] : methods) {
      const std::string name = "grid_" + method + ".png";
      if (write_grid(out / name, r, job.chains, grid_rows, locals, replicas, {method_title(method), range}))
        grids.push_back(name);
    }
  for (const auto& [method, locals] : methods) {
    if (method == "lb") continue;
    std::vector<int64_t> chosen;
    for (const int64_t v : locals) {
      const std::string n = vector_name(range.first + static_cast<int>(v));
      if (n.ends_with("/3-6") || n.ends_with("/6-9")) chosen.push_back(v);
    }
    const std::string name = "fig3c_" + method + ".png";
    if (write_grid(out / name, r, job.chains, grid_rows, chosen, std::min<int64_t>(3, job.chains),
                   {"fig. 3c: " + method + " chimeras {3,6} and {6,9}", range}))
      grids.push_back(name);
  }
  return grids;
}

nlohmann::json activity_json(const ActivityAtStep& a) {
  return {{"step", a.step + 1}, {"mean", a.across.mean}, {"sem", a.across.sem}, {"sem_ddof", a.across.ddof},
          {"n_vectors", a.across.n}, {"per_vector", a.per_vector}};
}

// Arrays, vector-major [V, C, ...]; returns the kept steps, 1-based.
std::vector<int32_t> write_arrays(const fs::path& out, const GibbsResult& r, const GenerateJob& job,
                                  VectorRange range) {
  const int64_t V = range.count, C = job.chains;
  const auto K = static_cast<int64_t>(r.kept_steps.size());
  if (K > 0) save_npy(out / "visible.npy", r.visible, {V, C, K, r.n_visible});
  save_npy(out / "activity.npy", r.activity, {V, C, job.steps});
  if (job.keep_hidden) save_npy(out / "hidden.npy", r.hidden, {V, C, job.steps, r.n_hidden});
  std::vector<int32_t> kept_1based;
  for (const int t : r.kept_steps) kept_1based.push_back(t + 1);
  save_npy(out / "kept_steps.npy", kept_1based, {K});
  std::vector<int32_t> globals;
  for (int v = range.first; v < range.first + range.count; ++v) globals.push_back(v);
  save_npy(out / "vectors.npy", globals, {V});
  return kept_1based;
}

nlohmann::json config_json(const GenerateJob& job, const GibbsOptions& o, int k,
                           const std::vector<int32_t>& kept_1based) {
  return {{"rbm", job.rbm.string()},
          {"biasing", job.biasing.string()},
          {"k", k},
          {"set", vector_set_name(job.set)},
          {"chains_per_vector", job.chains},
          {"steps", job.steps},
          {"kept_steps", kept_1based},
          {"keep_hidden", job.keep_hidden},
          {"temperature", job.temperature},
          {"visible", visible_mode_name(o.visible_mode)},
          {"seed", job.seed},
          {"chain_offset", o.chain_offset},
          {"device", backend_name(job.backend)}};
}

nlohmann::json arrays_json(bool visible_kept, bool hidden_kept) {
  return {{"visible", visible_kept ? "visible.npy [vectors, chains, kept steps, n_visible]" : "not kept"},
          {"activity", "activity.npy [vectors, chains, steps], % active hidden units"},
          {"hidden", hidden_kept ? "hidden.npy [vectors, chains, steps, n_hidden]" : "not kept"},
          {"kept_steps", "kept_steps.npy [kept steps], 1-based step numbers"},
          {"vectors", "vectors.npy [vectors], global vector index (lb 0-9, intersection 10-54, double 55-99)"}};
}

// The chains' options: the job's, the keep choice, and the chain offset of the set's first vector.
GibbsOptions chain_options(const GenerateJob& job, VectorRange range) {
  if (job.chains < 1) fail_input(quote_option("chains") + " " + std::to_string(job.chains) + ": must be at least 1");
  if (job.steps < 1) fail_input(quote_option("steps") + " " + std::to_string(job.steps) + ": must be at least 1");
  if (job.grid_replicas < 0) fail_input(quote_option("grid_replicas") + " must be >= 0");
  GibbsOptions o = keep_options(job.keep_steps, job.steps);
  o.steps = job.steps;
  o.temperature = job.temperature;
  o.visible_mode = job.visible_mode;
  o.seed = job.seed;
  o.chain_offset = static_cast<uint64_t>(range.first) * static_cast<uint64_t>(job.chains);
  o.chains_per_vector = static_cast<uint64_t>(job.chains);  // draws addressed by (vector, chain)
  o.keep_hidden_states = job.keep_hidden;
  return o;
}

// Runs the chains (with a progress line on the CPU when asked).
GibbsResult run_chains(const GenerateJob& job, const Rbm& rbm, const BiasingSet& biasing, const GibbsOptions& o,
                       VectorRange range) {
  // Kept states, activity, the start vectors and the chains' working state (visible and hidden rows),
  // float32, checked in double before anything is allocated (a huge `chains` must not overflow int64).
  const double n_chains = static_cast<double>(range.count) * static_cast<double>(job.chains);
  const double per_chain = static_cast<double>(o.kept_steps().size()) * static_cast<double>(rbm.n_visible) +
                           (job.keep_hidden ? static_cast<double>(job.steps) * static_cast<double>(rbm.n_hidden) : 0) +
                           job.steps + 3.0 * static_cast<double>(rbm.n_hidden + rbm.n_visible);
  require_host_memory(4.0 * n_chains * per_chain,
                      quote_option("chains") + " " + std::to_string(job.chains) + " x " + std::to_string(range.count) +
                          " vectors x " + std::to_string(job.steps) + " " + quote_option("steps") +
                          (job.keep_hidden ? " (with " + quote_option("keep_hidden") + ")" : ""));
  const int64_t N = range.count * job.chains;
  const std::vector<float> vectors = stack_vectors(biasing, job.set);
  const std::vector<float> start = tile_rows(vectors.data(), range.count, rbm.n_hidden, job.chains);
  const auto K = static_cast<int64_t>(o.kept_steps().size());
  const double keep_gb = 4.0 * static_cast<double>(N) *
                         (static_cast<double>(K * rbm.n_visible) + (job.keep_hidden ? job.steps * rbm.n_hidden : 0)) /
                         1e9;
  if (job.progress)
    std::fprintf(stderr, "rbmdyn: %lld chains (%lld vectors x %lld) x %d steps on %s; keeping %.2f GB of states\n",
                 static_cast<long long>(N), static_cast<long long>(range.count), static_cast<long long>(job.chains),
                 job.steps, backend_name(job.backend), keep_gb);
  auto engine = make_gibbs_engine(job.backend, rbm);
  std::optional<ProgressSink> progress;
  if (job.progress && job.backend == Backend::cpu) progress.emplace(job.steps);
  return engine->run(start.data(), N, o, progress ? &*progress : nullptr);
}

}  // namespace

GenerateResult generate_chains(const GenerateJob& job) {
  const VectorRange range = vector_range(job.set);
  const GibbsOptions o = chain_options(job, range);  // options first (cheap), files second
  require_backend_available(job.backend);
  const Rbm rbm = load_rbm(job.rbm);
  const BiasingSet biasing = load_biasing_set(job.biasing);
  if (biasing.n_hidden != rbm.n_hidden)
    fail_input(job.biasing.string() + ": biasing vectors have " + std::to_string(biasing.n_hidden) +
               " hidden units, " + job.rbm.string() + " has " + std::to_string(rbm.n_hidden));
  // Checked before the chains run; written whole, so a rerun leaves no file of an earlier one.
  OutputFolder folder(job.out, "out", owned_names({"visible.npy", "activity.npy", "hidden.npy", "kept_steps.npy",
                                                   "vectors.npy", "summary.json", "run.json"},
                                                  {"grid_", "fig3c_"}));
  const fs::path& out = folder.staging();
  const GibbsResult r = run_chains(job, rbm, biasing, o, range);

  const std::vector<int32_t> kept_1based = write_arrays(out, r, job, range);
  GenerateResult result{range.count * job.chains, job.steps, r.seconds, {}};
  nlohmann::json activity = nlohmann::json::object();
  for (const auto& [method, locals] : methods_of(range)) {
    const float* a = r.activity.data() + locals.front() * job.chains * job.steps;
    const auto n_vec = static_cast<int64_t>(locals.size());
    MethodActivity m{method, n_vec, summarize_activity(a, n_vec, job.chains, job.steps, 0),
                     summarize_activity(a, n_vec, job.chains, job.steps, job.steps - 1)};
    activity[method] = {{"first_step", activity_json(m.first)}, {"last_step", activity_json(m.last)}};
    result.methods.push_back(std::move(m));
  }
  std::vector<std::string> names;
  for (int v = range.first; v < range.first + range.count; ++v) names.push_back(vector_name(v));
  const double chain_steps = static_cast<double>(result.chains) * job.steps;
  const std::vector<std::string> grids = write_grids(out, r, job, range);
  const nlohmann::json summary = {{"activity_percent", activity},
                                  {"vectors", names},
                                  {"arrays", arrays_json(!kept_1based.empty(), job.keep_hidden)},
                                  {"grids", grids},
                                  {"seconds", r.seconds},
                                  {"chain_steps_per_second", chain_steps / r.seconds},
                                  {"config", config_json(job, o, biasing.k, kept_1based)},
                                  {"environment", run_environment()}};
  write_text_atomically(out / "summary.json", summary.dump(2) + "\n");
  std::vector<RunInput> inputs = {{"rbm", job.rbm, ""}};
  for (const char* f : {"lb.npy", "intersection.npy", "double.npy"})
    inputs.push_back({std::string("biasing ") + f, job.biasing / f, ""});
  write_run_record(out / "run.json",
                   run_record("generate", config_json(job, o, biasing.k, kept_1based), inputs, job.backend));
  folder.commit();
  return result;
}

}  // namespace rbmdyn
