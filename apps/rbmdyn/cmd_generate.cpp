// rbmdyn generate: top-down Gibbs chains from biasing vectors (method.md §4), e.g. the classic label
// biasing run (--set lb: 10 digits × 100 chains × 100 steps) or the whole sweep batch (--set all).
// Chains follow the sweep's global order (chain = global vector × chains + replica), so the chains of
// --set lb are exactly the LB chains of --set all with the same seed.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include "apps/rbmdyn/commands.hpp"
#include "host/biasing/biasing_set.hpp"
#include "host/core/error.hpp"
#include "host/gibbs/activity_summary.hpp"
#include "host/gibbs/gibbs_engine.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/image_grid.hpp"
#include "host/io/npy.hpp"
#include "host/util/progress.hpp"
#include "host/util/run_info.hpp"

namespace rbmdyn::cli {
namespace {

// Rows of Fig. 2a / 3c in the BI snapshot (1-based steps), method.md §8.
const std::vector<int> kFigureSteps = {1, 2, 3, 4, 5, 10, 25, 50, 100};

struct GenerateArgs {
  std::string rbm;
  std::string biasing;
  std::string set = "lb";
  int64_t chains = 100;
  int steps = 100;
  std::string keep_steps = "figure";
  bool keep_hidden = false;
  float temperature = 1.0f;
  std::string visible = "mean-field";
  uint64_t seed = 1;
  std::string device = "cpu";
  std::string out;
  int grid_replicas = 1;
  bool quiet = false;
};

// --keep-steps: figure (the Fig. 2a rows that exist, plus the last step), all, none, or a list of
// 1-based steps "1,2,5,100". Returns 0-based steps.
GibbsOptions keep_options(const std::string& text, int steps) {
  GibbsOptions o;
  if (text == "all") {
    o.keep_visible = KeepVisible::all;
    return o;
  }
  if (text == "none") {
    o.keep_visible = KeepVisible::none;
    return o;
  }
  std::set<int> chosen;
  if (text == "figure") {
    for (const int s : kFigureSteps)
      if (s <= steps) chosen.insert(s - 1);
    chosen.insert(steps - 1);
  } else {
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
      try {
        std::size_t used = 0;
        const int s = std::stoi(item, &used);
        if (used != item.size()) throw std::invalid_argument(item);
        if (s < 1 || s > steps)
          fail_input("--keep-steps: step " + item + " is outside 1.." + std::to_string(steps));
        chosen.insert(s - 1);
      } catch (const std::logic_error&) {
        fail_input("--keep-steps: '" + item + "' is not a step number (use figure, all, none or e.g. 1,2,5,100)");
      }
    }
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

// Grid PNG: rows = `rows` (indices into kept steps), columns = the first `replicas` chains of each vector
// in `vectors` (local vector indices). visible: [V, C, K, nv].
void write_grid(const std::filesystem::path& path, const GibbsResult& r, int64_t chains, const std::vector<int>& rows,
                const std::vector<int64_t>& vectors, int64_t replicas) {
  const int64_t nv = r.n_visible;
  const auto K = static_cast<int64_t>(r.kept_steps.size());
  const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(nv))));
  if (rows.empty() || vectors.empty() || static_cast<int64_t>(side) * side != nv) return;
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
  write_image_grid_png(path, cells.data(), g);
}

nlohmann::json mean_sem_json(const ActivityAtStep& a) {
  return {{"step", a.step + 1}, {"mean", a.across.mean}, {"sem", a.across.sem}, {"sem_ddof", a.across.ddof},
          {"n_vectors", a.across.n}, {"per_vector", a.per_vector}};
}

void run(const GenerateArgs& args) {
  // Options first (cheap), files second.
  if (args.chains < 1) fail_input("--chains " + std::to_string(args.chains) + ": must be at least 1");
  if (args.steps < 1) fail_input("--steps " + std::to_string(args.steps) + ": must be at least 1");
  if (args.grid_replicas < 0) fail_input("--grid-replicas must be >= 0");
  const VectorSet which = parse_vector_set(args.set);
  (void)parse_visible_mode(args.visible);
  const Backend backend = parse_backend(args.device);
  require_backend_available(backend);
  const Rbm rbm = load_rbm(args.rbm);
  const BiasingSet biasing = load_biasing_set(args.biasing);
  if (biasing.n_hidden != rbm.n_hidden)
    fail_input(args.biasing + ": biasing vectors have " + std::to_string(biasing.n_hidden) + " hidden units, " +
               args.rbm + " has " + std::to_string(rbm.n_hidden));
  const VectorRange range = vector_range(which);
  const int64_t V = range.count;
  const int64_t C = args.chains;
  const int64_t N = V * C;

  GibbsOptions o = keep_options(args.keep_steps, args.steps);
  o.steps = args.steps;
  o.temperature = args.temperature;
  o.visible_mode = parse_visible_mode(args.visible);
  o.seed = args.seed;
  o.chain_offset = static_cast<uint64_t>(range.first) * static_cast<uint64_t>(C);
  o.keep_hidden_states = args.keep_hidden;
  const std::vector<float> vectors = stack_vectors(biasing, which);
  const std::vector<float> start = tile_rows(vectors.data(), V, rbm.n_hidden, C);
  const auto K = static_cast<int64_t>(o.kept_steps().size());
  const double keep_gb = 4.0 * static_cast<double>(N) * (static_cast<double>(K * rbm.n_visible) +
                                                         (args.keep_hidden ? args.steps * rbm.n_hidden : 0)) / 1e9;
  if (!args.quiet)
    std::fprintf(stderr, "rbmdyn: %lld chains (%lld vectors x %lld) x %d steps on %s; keeping %.2f GB of states\n",
                 static_cast<long long>(N), static_cast<long long>(V), static_cast<long long>(C), args.steps,
                 backend_name(backend), keep_gb);

  auto engine = make_gibbs_engine(backend, rbm);
  std::optional<ProgressSink> progress;
  if (!args.quiet && backend == Backend::cpu) progress.emplace(args.steps);
  const GibbsResult r = engine->run(start.data(), N, o, progress ? &*progress : nullptr);
  if (progress) progress.reset();

  // Arrays, vector-major: [V, C, ...].
  const std::filesystem::path out = args.out;
  std::filesystem::create_directories(out);
  if (K > 0) save_npy(out / "visible.npy", r.visible, {V, C, K, r.n_visible});
  save_npy(out / "activity.npy", r.activity, {V, C, args.steps});
  if (args.keep_hidden) save_npy(out / "hidden.npy", r.hidden, {V, C, args.steps, r.n_hidden});
  std::vector<int32_t> kept_1based;
  for (const int t : r.kept_steps) kept_1based.push_back(t + 1);
  save_npy(out / "kept_steps.npy", kept_1based, {K});
  std::vector<int32_t> globals;
  std::vector<std::string> names;
  for (int v = range.first; v < range.first + range.count; ++v) {
    globals.push_back(v);
    names.push_back(vector_name(v));
  }
  save_npy(out / "vectors.npy", globals, {V});

  // Activity summary per method (LB, intersection, double), over that method's vectors.
  nlohmann::json activity = nlohmann::json::object();
  std::vector<std::pair<std::string, std::vector<int64_t>>> methods;  // method → local vector indices
  for (int64_t v = 0; v < V; ++v) {
    const std::string m = vector_method(range.first + static_cast<int>(v));
    if (methods.empty() || methods.back().first != m) methods.push_back({m, {}});
    methods.back().second.push_back(v);
  }
  for (const auto& [method, locals] : methods) {
    const float* a = r.activity.data() + locals.front() * C * args.steps;
    const auto n_vec = static_cast<int64_t>(locals.size());
    const ActivityAtStep first = summarize_activity(a, n_vec, C, args.steps, 0);
    const ActivityAtStep last = summarize_activity(a, n_vec, C, args.steps, args.steps - 1);
    activity[method] = {{"first_step", mean_sem_json(first)}, {"last_step", mean_sem_json(last)}};
    std::printf("%s: %% active hidden at step 1: %.3f +- %.3f %%, at step %d: %.3f +- %.3f %% (mean +- SEM over %lld "
                "vectors)\n",
                method.c_str(), first.across.mean, first.across.sem, args.steps, last.across.mean, last.across.sem,
                static_cast<long long>(n_vec));
  }

  // Sample grids like Fig. 2a / 3c: rows = kept figure steps, columns = vectors (× replicas).
  std::vector<int> grid_rows;
  for (int k = 0; k < K; ++k) {
    const int step = r.kept_steps[static_cast<std::size_t>(k)] + 1;
    if (K <= 12 || std::find(kFigureSteps.begin(), kFigureSteps.end(), step) != kFigureSteps.end())
      grid_rows.push_back(k);
  }
  std::vector<std::string> grids;
  const int64_t replicas = std::min<int64_t>(args.grid_replicas, C);
  if (replicas > 0)
    for (const auto& [method, locals] : methods) {
      const std::string name = "grid_" + method + ".png";
      write_grid(out / name, r, C, grid_rows, locals, replicas);
      grids.push_back(name);
    }
  // Fig. 3c: chimeras {3,6} and {6,9}, three chains each.
  for (const auto& [method, locals] : methods) {
    if (method == "lb") continue;
    std::vector<int64_t> chosen;
    for (const int64_t v : locals) {
      const std::string n = vector_name(range.first + static_cast<int>(v));
      if (n.ends_with("/3-6") || n.ends_with("/6-9")) chosen.push_back(v);
    }
    const std::string name = "fig3c_" + method + ".png";
    write_grid(out / name, r, C, grid_rows, chosen, std::min<int64_t>(3, C));
    grids.push_back(name);
  }

  const double chain_steps = static_cast<double>(N) * args.steps;
  nlohmann::json summary = {
      {"activity_percent", activity},
      {"vectors", names},
      {"arrays",
       {{"visible", K > 0 ? "visible.npy [vectors, chains, kept steps, n_visible]" : "not kept"},
        {"activity", "activity.npy [vectors, chains, steps], % active hidden units"},
        {"hidden", args.keep_hidden ? "hidden.npy [vectors, chains, steps, n_hidden]" : "not kept"},
        {"kept_steps", "kept_steps.npy [kept steps], 1-based step numbers"},
        {"vectors", "vectors.npy [vectors], global vector index (lb 0-9, intersection 10-54, double 55-99)"}}},
      {"grids", grids},
      {"seconds", r.seconds},
      {"chain_steps_per_second", chain_steps / r.seconds},
      {"config",
       {{"rbm", args.rbm},
        {"biasing", args.biasing},
        {"k", biasing.k},
        {"set", vector_set_name(which)},
        {"chains_per_vector", C},
        {"steps", args.steps},
        {"kept_steps", kept_1based},
        {"keep_hidden", args.keep_hidden},
        {"temperature", args.temperature},
        {"visible", visible_mode_name(o.visible_mode)},
        {"seed", args.seed},
        {"chain_offset", o.chain_offset},
        {"device", backend_name(backend)}}},
      {"environment", run_environment()}};
  write_text_atomically(out / "summary.json", summary.dump(2) + "\n");
  std::printf("%lld chains x %d steps in %.2f s (%.3g chain-steps/s); written to %s\n", static_cast<long long>(N),
              args.steps, r.seconds, chain_steps / r.seconds, args.out.c_str());
}

}  // namespace

void add_generate_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("generate", "Top-down Gibbs chains from biasing vectors (method.md §4)");
  auto args = std::make_shared<GenerateArgs>();
  cmd->add_option("--rbm", args->rbm, "Trained RBM (.safetensors)")->required();
  cmd->add_option("--biasing", args->biasing, "Biasing folder written by `rbmdyn biasing`")->required();
  cmd->add_option("--set", args->set, "Vectors: lb, intersection, double or all (global order lb, intersection, "
                                      "double)")
      ->capture_default_str();
  cmd->add_option("--chains", args->chains, "Chains per vector")->capture_default_str();
  cmd->add_option("--steps", args->steps, "Steps per chain (step 1 = the biasing vector, as given)")
      ->capture_default_str();
  cmd->add_option("--keep-steps", args->keep_steps,
                  "Visible states to keep: figure (steps 1,2,3,4,5,10,25,50,100 and the last), all, none, or a "
                  "list of 1-based steps like 1,2,5,100")
      ->capture_default_str();
  cmd->add_flag("--keep-hidden", args->keep_hidden, "Also write the hidden states of every step (hidden.npy)");
  cmd->add_option("--temperature", args->temperature, "T: pre-activations are divided by T")->capture_default_str();
  cmd->add_option("--visible", args->visible,
                  "mean-field (visible layer kept as probabilities, the study's mode) or sampled (block Gibbs)")
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "Seed of the chains' random stream")->capture_default_str();
  cmd->add_option("--device", args->device, "cpu or cuda")->capture_default_str();
  cmd->add_option("--grid-replicas", args->grid_replicas, "Chains per vector shown in the sample grids (0 = none)")
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Output folder")->required();
  cmd->add_flag("--quiet", args->quiet, "No progress line");
  cmd->callback([args]() { run(*args); });
}

RBMDYN_REGISTER_COMMAND(40, add_generate_command);

}  // namespace rbmdyn::cli
