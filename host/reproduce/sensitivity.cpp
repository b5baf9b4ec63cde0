#include "host/reproduce/sensitivity.hpp"

#include <chrono>
#include <map>
#include <sstream>

#include "host/biasing/derive_biasing.hpp"
#include "host/classifier/digit_classifier.hpp"
#include "host/classifier/model.hpp"
#include "host/core/error.hpp"
#include "host/data/mnist.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/read_file.hpp"
#include "host/reproduce/plot_script.hpp"
#include "host/reproduce/sensitivity_timings.hpp"
#include "host/reproduce/stage_log.hpp"
#include "host/reproduce/study_models.hpp"
#include "host/sweep/sweep.hpp"
#include "host/sweep/sweep_files.hpp"
#include "host/util/run_info.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

fs::path rbm_file(const fs::path& out, const PlannedTraining& t) { return out / "rbms" / (t.key + ".safetensors"); }
fs::path classifier_file(const fs::path& out, const PlannedTraining& t) {
  return out / "classifiers" / (t.key + ".safetensors");
}
fs::path cell_folder(const fs::path& out, const PlannedChainRun& run, const PlannedView& view) {
  return out / "cells" / run.key / view.key;
}
// A sweep folder is complete once its config.json exists (write_sweep_folder writes it last).
bool cell_done(const fs::path& folder) { return fs::exists(folder / "config.json"); }

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct Context {
  Context(const SensitivityOptions& options, const SensitivityPlan& p, fs::path mnist_dir)
      : o(options), plan(p), mnist(std::move(mnist_dir)) {}
  const SensitivityOptions& o;
  const SensitivityPlan& plan;
  fs::path mnist;
  StageLog log{"sensitivity"};
  MnistSet train, test;
  std::vector<float> images;  // [60000, 784] in [0, 1]
  nlohmann::json timings = {{"rbm_training", nlohmann::json::array()},
                            {"classifier_training", nlohmann::json::array()},
                            {"chain_runs", nlohmann::json::array()}};
  StudyTraining how() const { return {o.backend, o.cuda, o.progress}; }
};

void train_missing_models(Context& c) {
  for (const PlannedTraining& t : c.plan.rbms) {
    const fs::path path = rbm_file(c.o.out, t);
    if (fs::exists(path)) continue;
    c.log("training RBM " + t.key);
    c.timings["rbm_training"].push_back(
        train_study_rbm(t.config, t.seed, c.images, c.train.split.count(), path, c.how()));
  }
  for (const PlannedTraining& t : c.plan.classifiers) {
    const fs::path path = classifier_file(c.o.out, t);
    if (fs::exists(path)) continue;
    c.log("training classifier " + t.key);
    const nlohmann::json r = train_study_classifier(t.config, t.seed, c.train.split, c.test.split, path, c.how());
    c.log("classifier " + t.key + ": validation " + std::to_string(r["best_val_accuracy"].get<double>()) + ", test " +
          std::to_string(r["test_accuracy"].get<double>()));
    c.timings["classifier_training"].push_back(r);
  }
}

// Runs the chains of `run` once and labels them with every view whose folder is missing.
void run_missing_views(Context& c, const PlannedChainRun& run) {
  std::vector<const PlannedView*> missing;
  for (const PlannedView& v : run.views)
    if (!cell_done(cell_folder(c.o.out, run, v))) missing.push_back(&v);
  if (missing.empty()) return;
  const auto t0 = std::chrono::steady_clock::now();
  const fs::path rbm_path = rbm_file(c.o.out, c.plan.rbms[run.rbm]);
  const Rbm rbm = load_rbm(rbm_path);
  const DerivedBiasing biasing = derive_biasing(rbm, c.images.data(), c.train.split.labels.data(),
                                                c.train.split.count(), run.rbm_seed, c.o.backend, run.config.readout,
                                                run.config.k);
  SweepOptions s = study_sweep_options(run.config, run.rbm_seed, c.o.backend);
  s.example_chains = 0;  // cells keep metrics, not images
  std::vector<std::unique_ptr<DigitClassifier>> classifiers;
  std::vector<DigitClassifier*> labellers;
  for (const PlannedView* v : missing) {
    const fs::path file = classifier_file(c.o.out, c.plan.classifiers[v->classifier]);
    classifiers.push_back(load_digit_classifier(file, c.o.backend, classifier_run_options(v->config, c.o.cuda)));
    labellers.push_back(classifiers.back().get());
  }
  c.log("chains " + run.key + " (k = " + std::to_string(biasing.set.k) + "), labelled by " +
        std::to_string(missing.size()) + " classifier view(s)");
  std::vector<SweepRun> runs = run_sweep(rbm, biasing.set, labellers, s);
  for (std::size_t i = 0; i < missing.size(); ++i) {
    const PlannedView& v = *missing[i];
    const SweepRecord record{{{"rbm", rbm_path.string()},
                              {"classifier", classifier_file(c.o.out, c.plan.classifiers[v.classifier]).string()},
                              {"biasing", biasing.summary},
                              {"study_config", study_config_json(v.config)}},
                             labellers[i]->description(),
                             {{"gibbs_and_classification_all_views", runs[i].data.gibbs_seconds},
                              {"metrics", runs[i].analysis_seconds}}};
    write_sweep_folder(cell_folder(c.o.out, run, v), runs[i].data, runs[i].analysis, biasing.set, record);
  }
  c.timings["chain_runs"].push_back(
      {{"key", run.key}, {"views", missing.size()}, {"chains", s.chains * kSweepVectors}, {"seconds", since(t0)}});
}

// The numbers of every cell, from the stored folders (metric variants recompute from the same folder).
std::vector<FidelityCell> measure_cells(const Context& c) {
  std::map<fs::path, SweepAnalysis> analyses;
  std::map<fs::path, int64_t> hidden;
  std::vector<FidelityCell> cells;
  for (const PlannedCell& pc : c.plan.cells) {
    const PlannedChainRun& run = c.plan.chain_runs[pc.chain_run];
    const PlannedView& view = run.views[pc.view];
    const fs::path folder = cell_folder(c.o.out, run, view);
    if (analyses.count(folder) == 0) {
      const SweepFolder f = read_sweep_folder(folder);
      analyses[folder] = analyze_sweep(f.data);
      hidden[folder] = f.data.n_hidden;
    }
    FidelityCell cell{pc.variant, pc.rbm_seed, pc.classifier_seed,
                      sweep_paper_numbers(analyses[folder], hidden[folder], pc.config.conventions), folder.string()};
    std::map<std::string, std::string> meta;
    load_classifier(classifier_file(c.o.out, c.plan.classifiers[view.classifier]), &meta);
    for (auto& h : classifier_headline_numbers(meta)) cell.numbers.push_back(std::move(h));
    cells.push_back(std::move(cell));
  }
  return cells;
}

FidelityInputs fidelity_inputs(const Context& c, std::vector<FidelityCell> cells, const std::string& command) {
  FidelityInputs in;
  in.command = command;
  in.output_is_cache = true;
  for (const Variant& v : c.o.grid.variants)
    in.variants.push_back({v.name, variant_level_name(v.level), v.change, v.reference,
                           study_config_json(apply_variant(c.o.grid.base, v))});
  in.cells = std::move(cells);
  in.options = {{"mnist", c.mnist.string()},
                {"out", c.o.out.string()},
                {"device", backend_name(c.o.backend)},
                {"rbm_seeds", c.o.grid.rbm_seeds},
                {"classifier_seeds", c.o.grid.classifier_seeds},
                {"all_classifier_seeds", c.o.grid.all_classifier_seeds},
                {"base", study_config_json(c.o.grid.base)}};
  in.timings = c.timings;
  return in;
}

// The timings an earlier invocation left in the cache's sensitivity.json (null when there is none).
nlohmann::json previous_timings(const fs::path& out) {
  const fs::path file = out / "sensitivity.json";
  if (!fs::exists(file)) return nullptr;
  const std::vector<uint8_t> bytes = read_file_bytes(file);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(bytes.begin(), bytes.end());
  } catch (const nlohmann::json::exception& e) {
    fail_input(file.string() + ": not valid JSON (" + e.what() + "); delete it and rerun to rewrite the tables");
  }
  return j.is_object() && j.contains("timings") ? j["timings"] : nlohmann::json(nullptr);
}

// The report at `doc` with the forest plot copied beside it (the tables stay in `out`).
void write_doc_copy(const fs::path& doc, const fs::path& out, FidelityInputs fidelity) {
  const fs::path dir = doc.parent_path().empty() ? fs::path(".") : doc.parent_path();
  fs::create_directories(dir);
  if (!fidelity.figure.empty()) {
    const std::string figure = doc.stem().string() + "-forest.png";
    fs::copy_file(out / fidelity.figure, dir / figure, fs::copy_options::overwrite_existing);
    fidelity.figure = figure;
  }
  write_text_atomically(doc, fidelity_markdown(fidelity, summarize_cells(fidelity)));
}

}  // namespace

std::string describe_plan(const SensitivityPlan& plan, const fs::path& out) {
  std::ostringstream s;
  auto cached = [](bool yes) { return yes ? " (cached)" : ""; };
  s << plan.rbms.size() << " RBM(s):\n";
  for (const PlannedTraining& t : plan.rbms) s << "  " << t.key << cached(fs::exists(rbm_file(out, t))) << "\n";
  s << plan.classifiers.size() << " classifier(s):\n";
  for (const PlannedTraining& t : plan.classifiers)
    s << "  " << t.key << cached(fs::exists(classifier_file(out, t))) << "\n";
  s << plan.chain_runs.size() << " chain run(s), " << plan.view_count() << " classifier view(s):\n";
  for (const PlannedChainRun& r : plan.chain_runs) {
    s << "  " << r.key << "\n";
    for (const PlannedView& v : r.views) s << "    " << v.key << cached(cell_done(cell_folder(out, r, v))) << "\n";
  }
  std::map<std::string, int> per_variant;
  for (const PlannedCell& c : plan.cells) ++per_variant[c.variant];
  s << plan.cells.size() << " cell(s):";
  for (const auto& [variant, n] : per_variant) s << " " << variant << " " << n << ";";
  s << "\n";
  return s.str();
}

void SensitivityOptions::validate() {
  if (classifier_arch == "auto") classifier_arch = backend == Backend::cuda ? "paper" : "small";
  study_classifier_arch(classifier_arch, "classifier_arch");  // InputError for an unknown name
  grid.base.classifier_arch = classifier_arch;
  grid.base.validate();
  if (grid.variants.empty()) {
    std::string names;
    for (const std::string& n : default_variant_names(grid.base, backend == Backend::cuda))
      if (n != "default") names += (names.empty() ? "" : ",") + n;
    grid.variants = parse_variants(names);
  }
  grid.validate();
  if (command.empty()) command = "rbmdyn sensitivity (command line not recorded; output folder " + out.string() + ")";
}

SensitivityRun run_sensitivity(SensitivityOptions o) {
  const auto t0 = std::chrono::steady_clock::now();
  o.validate();
  SensitivityRun result;
  result.plan = plan_sensitivity(o.grid);
  std::printf("%s", describe_plan(result.plan, o.out).c_str());
  if (o.plan_only) return result;  // a plan needs no device: a GPU grid can be planned on a laptop
  require_backend_available(o.backend);
  Context c{o, result.plan, resolve_mnist_dir(o.mnist)};
  const std::string started_utc = run_environment()["time_utc"].get<std::string>();
  const nlohmann::json timings_before = previous_timings(o.out);
  fs::create_directories(o.out);
  c.train = load_mnist(c.mnist, "train");
  c.test = load_mnist(c.mnist, "test");
  c.images = c.train.split.to_unit_float();

  train_missing_models(c);
  for (const PlannedChainRun& run : result.plan.chain_runs) run_missing_views(c, run);
  c.log("measuring " + std::to_string(result.plan.cells.size()) + " cells");
  c.timings = accumulate_timings(timings_before, c.timings, since(t0), started_utc);
  result.fidelity = fidelity_inputs(c, measure_cells(c), o.command);
  write_fidelity(o.out, result.fidelity);
  const fs::path script = o.forest_script.empty() ? default_script("plot_sensitivity.py") : o.forest_script;
  const std::string error = run_plot_script(script, {(o.out / "sensitivity.json").string(), "--out",
                                                              (o.out / "forest").string()});
  if (error.empty()) {
    result.fidelity.figure = "forest.png";
  } else {
    result.fidelity.figure_error = error;
  }
  write_fidelity(o.out, result.fidelity);
  if (!o.doc.empty()) write_doc_copy(o.doc, o.out, result.fidelity);
  result.seconds = since(t0);
  c.log("report: " + (o.out / "fidelity.md").string() + (o.doc.empty() ? "" : " and " + o.doc.string()));
  return result;
}

}  // namespace rbmdyn
