#include "host/reproduce/compare_models.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "host/analysis/conventions.hpp"
#include "host/analysis/statistics.hpp"
#include "host/biasing/dbn_biasing.hpp"
#include "host/core/descriptive.hpp"
#include "host/core/error.hpp"
#include "host/data/mnist.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/json_fields.hpp"
#include "host/rbm/dbn_trainer.hpp"
#include "host/rbm/rbm_trainer.hpp"
#include "host/reproduce/compare_seeds.hpp"
#include "host/reproduce/plot_script.hpp"
#include "host/reproduce/study_classifier.hpp"
#include "host/sweep/sweep_job.hpp"
#include "host/util/run_record.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The quick configuration (CI, ≈ 1–2 min on 2 shared cores for rbm + idbn). The deep models get their
// own quick recipe: with the authors' ε = 0.01, 3 epochs on 6,400 images left the iDBN untrained
// (reconstruction MSE 0.064 at layer 1, every generated image one class, 1.000 visited states for every
// method). ε = 0.1 for 10 epochs on 12,800 images (≈ 10 s) gives layer-1 MSE ≈ 0.015 and 2.4–3.4 visited
// states (measured over seeds 1–3), so the quick table says something about the dynamics.
constexpr int64_t kQuickImages = 12800;
constexpr int kQuickRbmEpochs = 3;
constexpr int kQuickDeepEpochs = 10;
constexpr float kQuickDeepLr = 0.1f;
constexpr int64_t kQuickChains = 5;
const char* const kQuickSizes = "784-200-200-300";

// The authors' stored means (dbn.md §8, source A).
double authors_value(const std::string& model, const std::string& method) {
  if (model == "rbm") return method == "lb" ? 1.779 : method == "double" ? 2.24 : 3.051;
  if (model == "idbn") return method == "lb" ? 3.017 : method == "double" ? 3.109 : 3.844;
  return kNaN;  // no gDBN results survive (dbn.md §0); rbm-dbn is our control (§9 #5)
}

struct Context {
  const CompareOptions& o;
  MnistSet train, test;
  std::vector<float> images;  // [n, 784] in [0, 1]
  int64_t n = 0;
  fs::path classifier_path;
  std::unique_ptr<DigitClassifier> classifier;
  void log(const std::string& what) const {
    std::printf("[compare %7.1fs] %s\n", since(t0), what.c_str());
    std::fflush(stdout);
  }
  Clock::time_point t0 = Clock::now();
  uint64_t seed = 1;  // of the seed being run
};

void prepare_classifier(Context& c) {
  StudyClassifierRequest r;
  r.given = c.o.classifier;
  r.out = c.o.out / "classifier.safetensors";
  r.study.classifier_arch = c.o.classifier_arch;
  r.seed = c.o.seed;
  r.study.quick = c.o.quick;
  r.backend = c.o.backend;
  r.progress = c.o.progress;
  StudyClassifier s = prepare_study_classifier(r, c.train, c.test, [&c](const std::string& line) { c.log(line); });
  c.classifier_path = s.path;
  c.classifier = std::move(s.classifier);
}

// One model's sweep and what the report says about its training: file, k, and for deep models the
// final reconstruction MSE per layer (when trained here) and the top layer's class-mean readout accuracy.
struct Arm {
  SweepAnalysis analysis;
  nlohmann::json info;
};

SweepOptions sweep_options(const Context& c) {
  SweepOptions s;
  s.seed = c.seed;
  s.backend = c.o.backend;
  if (c.o.quick) s.chains = kQuickChains;
  return s;
}

// The RBM arm: docs/method.md's RBM and its sampled readout, unchanged.
Arm run_rbm_arm(Context& c, const fs::path& dir) {
  fs::path path = c.o.rbm.value_or(dir / "model.safetensors");
  if (!c.o.rbm) {
    RbmTrainingOptions t;
    t.config.seed = c.seed;
    if (c.o.quick) t.config.epochs = kQuickRbmEpochs;
    t.out = path;
    t.progress = c.o.progress;
    t.backend = c.o.backend;
    c.log("rbm: training " + std::to_string(t.config.epochs) + " epochs on " + std::to_string(c.n) + " images");
    if (train_rbm(c.images.data(), c.n, t, fresh_checkpoint(t.config, kMnistPixels, c.n)).interrupted)
      fail_interrupted("interrupted while training the RBM (checkpoint saved beside it)");
  }
  const Rbm rbm = load_rbm(path);
  const DerivedBiasing b = derive_biasing(rbm, c.images.data(), c.train.split.labels.data(), c.n, c.seed, c.o.backend);
  c.log("rbm: k = " + std::to_string(b.set.k));
  return {run_sweep_into_folder(dir / "sweep", sweep_options(c), SweepInputs{rbm, path, b.set, b.summary, c.classifier_path},
                                SweepClassifiers{c.classifier.get(), {}, {}})
              .analysis,
          {{"file", path.string()}, {"k", b.set.k}}};
}

// The layer sizes a deep arm trains: the options' sizes (the quick default when quick), or for the
// rbm-dbn control the visible layer and the top layer only.
std::vector<int64_t> arm_sizes(const CompareOptions& o, const std::string& model) {
  std::vector<int64_t> sizes = parse_stack_sizes(o.quick && o.sizes == CompareOptions{}.sizes ? kQuickSizes : o.sizes, "sizes");
  if (model == "rbm-dbn") sizes = {sizes.front(), sizes.back()};
  return sizes;
}

// A deep arm (idbn, gdbn, or the one-layer rbm-dbn control): trained with dbn.md §3, biased with §4, chains
// of §5. A one-layer stack trains identically under either algorithm; rbm-dbn names it greedy.
Arm run_deep_arm(Context& c, const std::string& model, const fs::path& dir) {
  const std::optional<fs::path>& given = model == "idbn" ? c.o.idbn : model == "gdbn" ? c.o.gdbn : c.o.rbm_dbn;
  const fs::path path = given.value_or(dir / "model.safetensors");
  nlohmann::json info = {{"file", path.string()}};
  if (!given) {
    DbnTrainingOptions t;
    t.config.sizes = arm_sizes(c.o, model);
    t.config.algorithm = model == "idbn" ? DbnAlgorithm::iterative : DbnAlgorithm::greedy;
    t.config.idbn_schedule = c.o.idbn_schedule;
    t.config.cd1.seed = c.seed;
    if (c.o.quick) {
      t.config.cd1.epochs = kQuickDeepEpochs;
      t.config.cd1.lr_weights = t.config.cd1.lr_visible_bias = t.config.cd1.lr_hidden_bias = kQuickDeepLr;
    }
    t.out = path;
    t.progress = c.o.progress;
    t.backend = c.o.backend;
    c.log(model + ": training " + stack_sizes_name(t.config.sizes) + ", " + std::to_string(t.config.cd1.epochs) + " epochs");
    const DbnTrainingResult r =
        train_dbn(c.images.data(), c.n, t, fresh_dbn_checkpoint(t.config, dbn_training_samples(c.n, t.config.cd1.batch_size)));
    if (r.interrupted) fail_interrupted("interrupted while training the " + model + " (checkpoint saved beside it)");
    for (const DbnEpochRecord& e : r.history)
      if (e.epoch + 1 == t.config.cd1.epochs) info["final_mse"].push_back(e.mse);  // layers in order
    info["lr"] = t.config.cd1.lr_weights;
    info["epochs"] = t.config.cd1.epochs;
  }
  const RbmStack stack = load_rbm_stack(path);
  const int64_t used = dbn_training_samples(c.n, DbnConfig{}.cd1.batch_size);  // the same 59,904 images (§4.1)
  const DerivedBiasing b = derive_dbn_biasing(stack, c.images.data(), c.train.split.labels.data(), used, c.seed, c.o.k);
  info["k"] = b.set.k;
  info["sizes"] = stack_sizes_name(stack.sizes());
  info["readout_class_mean_accuracy"] = b.summary["readout_class_mean_accuracy"];
  c.log(model + ": k = " + std::to_string(b.set.k) + ", top-layer class-mean readout accuracy " +
        std::to_string(b.summary["readout_class_mean_accuracy"].get<double>()));
  SweepInputs in{stack.top(), path, b.set, b.summary, c.classifier_path};
  in.stack = &stack;
  in.deep_step = c.o.deep_step;
  return {run_sweep_into_folder(dir / "sweep", sweep_options(c), in, SweepClassifiers{c.classifier.get(), {}, {}}).analysis,
          info};
}

// Per-vector mean visited states of one method, rounded as dbn.md §7.2 says (LB 2, chimeras 1 decimal).
std::vector<double> per_vector_visited(const SweepAnalysis& a, VectorSet set, bool rounded) {
  const SetAnalysis* s = a.find(set);
  if (s == nullptr || !s->complete) fail("the sweep lacks the complete " + std::string(vector_set_name(set)) + " set");
  std::vector<double> v;
  for (const auto& g : s->analysis.groups)
    v.push_back(!rounded ? g.visited.mean : analysis::round_decimals(g.visited.mean, set == VectorSet::lb ? 2 : 1));
  return v;
}

// One row of the §8 table: our mean (rounded as §7.2 says) ± SEM, the authors' value, and against the
// RBM (when in the run) the two-sided Mann–Whitney p and the qualitative finding (more states).
CompareRow make_row(std::map<std::string, SweepAnalysis>& analyses, const std::string& m, VectorSet set) {
  CompareRow r;
  r.model = m;
  r.method = vector_set_name(set);
  r.paper = authors_value(m, r.method);
  const std::vector<double> v = per_vector_visited(analyses[m], set, true);
  const MeanSem ms = mean_sem(v, 0);
  r.ours = ms.mean;
  r.ours_sem = ms.sem;
  r.ours_full = mean(per_vector_visited(analyses[m], set, false));
  r.n = static_cast<int64_t>(v.size());
  if (m != "rbm" && analyses.count("rbm")) {
    const std::vector<double> rbm = per_vector_visited(analyses["rbm"], set, true);
    r.p_vs_rbm = analysis::mann_whitney_u(v, rbm, analysis::Alternative::two_sided).p_value;
    r.more_than_rbm = r.ours_full > mean(per_vector_visited(analyses["rbm"], set, false)) ? 1 : 0;
  } else {
    r.p_vs_rbm = kNaN;
  }
  return r;
}

nlohmann::json row_json(const CompareRow& r) {
  return {{"model", r.model},
          {"method", r.method},
          {"paper", json_number_or_null(r.paper)},
          {"paper_text", std::isnan(r.paper) ? std::string("—") : std::to_string(r.paper).substr(0, 5)},
          {"ours", r.ours},
          {"ours_sem", r.ours_sem},
          {"ours_unrounded", r.ours_full},
          {"n", r.n},
          {"p_vs_rbm", json_number_or_null(r.p_vs_rbm)},
          {"more_states_than_rbm", r.more_than_rbm < 0 ? nlohmann::json() : nlohmann::json(r.more_than_rbm == 1)}};
}

std::string table_markdown(const std::vector<CompareRow>& rows, const nlohmann::json& models) {
  std::ostringstream md;
  md << "# RBM vs deep models: mean visited states (dbn.md §8)\n\n"
        "LB: mean ± SEM (ddof 0) over the 10 per-digit means rounded to 2 decimals; chimeras (2LB = double, Int = "
        "intersection): over the 45 per-pair means rounded to 1 decimal. Paper = the authors' stored results "
        "(SciRep_results.pkl); p = two-sided Mann–Whitney U against the RBM's per-vector values.\n\n"
        "| model | method | paper | ours | ± SEM | ours (unrounded) | n | p vs RBM | more states than the RBM |\n"
        "|---|---|---|---|---|---|---|---|---|\n";
  char line[256];
  for (const CompareRow& r : rows) {
    std::snprintf(line, sizeof line, "| %s | %s | %s | %.3f | %.3f | %.3f | %lld | %s | %s |\n", r.model.c_str(), r.method.c_str(),
                  std::isnan(r.paper) ? "—" : std::to_string(r.paper).substr(0, 5).c_str(), r.ours, r.ours_sem, r.ours_full,
                  static_cast<long long>(r.n), std::isnan(r.p_vs_rbm) ? "—" : std::to_string(r.p_vs_rbm).c_str(),
                  r.more_than_rbm < 0 ? "—" : r.more_than_rbm == 1 ? "yes" : "no");
    md << line;
  }
  md << "\n## Models\n\n| model | k | top-layer class-mean readout accuracy | final reconstruction MSE per layer |\n"
        "|---|---|---|---|\n";
  for (const auto& [name, m] : models.items())
    md << "| " << name << " | " << m.value("k", 0) << " | "
       << (m.contains("readout_class_mean_accuracy") ? m["readout_class_mean_accuracy"].dump() : "—") << " | "
       << (m.contains("final_mse") ? m["final_mse"].dump() : "—") << " |\n";
  return md.str();
}

// out/run.json: the resolved options and the inputs (MNIST, and the model files given) with their hashes.
void write_compare_run_record(const CompareOptions& o, const MnistSet& train) {
  std::vector<RunInput> inputs = {{"mnist train images", train.images.path, train.images.sha256},
                                  {"mnist train labels", train.labels.path, train.labels.sha256}};
  const std::pair<const char*, const std::optional<fs::path>*> given[] = {
      {"classifier", &o.classifier}, {"rbm", &o.rbm}, {"idbn", &o.idbn}, {"gdbn", &o.gdbn}, {"rbm-dbn", &o.rbm_dbn}};
  for (const auto& [role, path] : given)
    if (*path) inputs.push_back({role, **path, ""});
  const nlohmann::json options = {{"models", o.models},
                                  {"seed", o.seed},
                                  {"seeds", o.seeds},
                                  {"quick", o.quick},
                                  {"sizes", o.sizes},
                                  {"idbn_schedule", idbn_schedule_name(o.idbn_schedule)},
                                  {"deep_step", deep_step_name(o.deep_step)},
                                  {"k", o.k ? nlohmann::json(*o.k) : nlohmann::json()},
                                  {"classifier_arch", o.classifier_arch}};
  write_run_record(o.out / "run.json", run_record("compare", options, inputs, o.backend));
}

// One seed's models, sweeps and table into `dir` (compare.json, compare.md).
std::vector<CompareRow> run_seed(Context& c, const fs::path& dir) {
  const CompareOptions& o = c.o;
  std::map<std::string, SweepAnalysis> analyses;
  nlohmann::json models = nlohmann::json::object();
  for (const std::string& m : o.models) {
    Arm arm = m == "rbm" ? run_rbm_arm(c, dir / m) : run_deep_arm(c, m, dir / m);
    analyses[m] = std::move(arm.analysis);
    models[m] = std::move(arm.info);
  }
  std::vector<CompareRow> rows;
  nlohmann::json rows_json = nlohmann::json::array();
  for (const std::string& m : o.models)
    for (VectorSet set : {VectorSet::lb, VectorSet::double_lb, VectorSet::intersection}) {
      rows.push_back(make_row(analyses, m, set));
      rows.back().seed = c.seed;
      rows_json.push_back(row_json(rows.back()));
    }
  write_text_atomically(dir / "compare.json",
                        nlohmann::json{{"rows", rows_json}, {"models", models}, {"quick", o.quick}, {"seed", c.seed},
                                       {"device", backend_name(o.backend)}, {"deep_step", deep_step_name(o.deep_step)},
                                       {"idbn_schedule", idbn_schedule_name(o.idbn_schedule)}}
                            .dump(2));
  write_text_atomically(dir / "compare.md", table_markdown(rows, models));
  if (o.figures) {
    const std::string error = run_plot_script(o.plot_script, {dir.string(), "--out", (dir / "figures").string()});
    c.log(error.empty() ? "figures: " + (dir / "figures").string() : "figures not drawn: " + error);
  }
  return rows;
}

}  // namespace

void CompareOptions::validate() {
  if (models.empty()) fail_input(quote_option("models") + ": name at least one of rbm, idbn, gdbn, rbm-dbn");
  for (const std::string& m : models)
    if (m != "rbm" && m != "idbn" && m != "gdbn" && m != "rbm-dbn")
      fail_input(quote_option("models") + " '" + m + "': expected rbm, idbn, gdbn or rbm-dbn");
  if (std::set<std::string>(models.begin(), models.end()).size() != models.size())
    fail_input(quote_option("models") + ": a model is named twice");
  parse_stack_sizes(sizes, "sizes");
  if (seeds < 1 || seeds > 1000) fail_input(quote_option("seeds") + " " + std::to_string(seeds) + ": must be in 1..1000");
  if (k && *k < 1) fail_input(quote_option("k") + " " + std::to_string(*k) + ": must be positive");
  require_backend_available(backend);
  if (plot_script.empty()) plot_script = default_script("plot_compare.py");
  if (figures && !fs::exists(plot_script))
    fail_input(quote_option("plot_script") + " " + plot_script.string() + ": no such file (or pass " +
               quote_option("no_figures") + ")");
  if (classifier_arch == "auto") classifier_arch = backend == Backend::cuda ? "paper" : "small";
  study_classifier_arch(classifier_arch, "classifier_arch");  // InputError for an unknown name
}

CompareResult compare_models(CompareOptions o) {
  o.validate();
  Context c{o, {}, {}, {}, 0, {}, {}};
  fs::create_directories(o.out);
  const fs::path mnist = resolve_mnist_dir(o.mnist);
  c.train = load_mnist(mnist, "train");
  c.test = load_mnist(mnist, "test");
  c.n = o.quick ? std::min<int64_t>(kQuickImages, c.train.split.count()) : c.train.split.count();
  c.images = c.train.split.to_unit_float(0, c.n);
  write_compare_run_record(o, c.train);
  prepare_classifier(c);

  CompareResult result;
  for (int i = 0; i < o.seeds; ++i) {
    c.seed = o.seed + static_cast<uint64_t>(i);
    const fs::path dir = o.seeds == 1 ? o.out : o.out / ("seed-" + std::to_string(c.seed));
    if (o.seeds > 1) c.log("seed " + std::to_string(c.seed) + " into " + dir.string());
    const std::vector<CompareRow> rows = run_seed(c, dir);
    result.rows.insert(result.rows.end(), rows.begin(), rows.end());
    result.report = dir / "compare.md";
  }
  if (o.seeds > 1) {
    const nlohmann::json summary = across_seeds_json(result.rows);
    write_text_atomically(o.out / "compare.json", nlohmann::json{{"across_seeds", summary}, {"quick", o.quick}, {"first_seed", o.seed},
                                                                  {"seeds", o.seeds}, {"device", backend_name(o.backend)},
                                                                  {"deep_step", deep_step_name(o.deep_step)},
                                                                  {"idbn_schedule", idbn_schedule_name(o.idbn_schedule)}}
                                                      .dump(2));
    result.report = o.out / "compare.md";
    write_text_atomically(result.report, across_seeds_markdown(summary));
  }
  result.seconds = since(c.t0);
  c.log("table: " + result.report.string());
  return result;
}

}  // namespace rbmdyn
