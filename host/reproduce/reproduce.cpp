#include "host/reproduce/reproduce.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "host/biasing/derive_biasing.hpp"
#include "host/classifier/digit_classifier.hpp"
#include "host/classifier/model.hpp"
#include "host/core/error.hpp"
#include "host/data/mnist.hpp"
#include "host/reproduce/fidelity.hpp"
#include "host/reproduce/plot_script.hpp"
#include "host/reproduce/report.hpp"
#include "host/reproduce/seed_parallelism.hpp"
#include "host/reproduce/stage_log.hpp"
#include "host/reproduce/study_models.hpp"
#include "host/reproduce/variants.hpp"
#include "host/runtime/nvtx.hpp"
#include "host/sweep/sweep_job.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::vector<std::string> list_figures(const fs::path& dir, const fs::path& relative_to) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".png" || e.path().extension() == ".pdf")
      files.push_back(fs::relative(e.path(), relative_to).string());
  std::sort(files.begin(), files.end());
  return files;
}

// What every seed reads: the options, MNIST and the classifier file.
struct SeedInputs {
  const ReproduceOptions& o;
  const MnistSet& train;
  const std::vector<float>& images;
  fs::path classifier_path;
  const StageLog& log;
};

// One seed: its RBM (trained or given), biasing vectors, the sweep and, when the rule's k is not the
// paper's, the k = 149 chimera control. Uses its own classifier instance (seeds may run in parallel).
SeedOutcome run_seed(const SeedInputs& in, uint64_t seed_value) {
  const ReproduceOptions& o = in.o;
  const auto ts = Clock::now();
  SeedOutcome seed;
  seed.seed = seed_value;
  const std::string name = "seed " + std::to_string(seed.seed);
  const fs::path dir = o.out / ("seed-" + std::to_string(seed.seed));
  const fs::path rbm_path = o.rbm ? *o.rbm : dir / "rbm.safetensors";
  if (!o.rbm) {
    in.log(name + ": training the RBM (" + std::to_string(rbm_train_config(o.study, seed.seed).epochs) + " epochs)");
    train_study_rbm(o.study, seed.seed, in.images, in.train.split.count(), rbm_path,
                    {o.backend, o.cuda, o.progress});
  }
  seed.rbm = rbm_file_record(rbm_path);
  const Rbm rbm = load_rbm(rbm_path);

  const DerivedBiasing biasing = derive_biasing(rbm, in.images.data(), in.train.split.labels.data(),
                                                in.train.split.count(), seed.seed, o.backend, o.study.readout,
                                                o.study.k);
  seed.k = biasing.set.k;
  in.log(name + ": biasing vectors, k = " + std::to_string(seed.k) + ", step-1 activity " +
         std::to_string(biasing.summary["step1_active_percent_mean"].get<double>()) + " %");

  const DigitClassifierOptions copts = classifier_run_options(o.study, o.cuda);
  const std::unique_ptr<DigitClassifier> classifier = load_digit_classifier(in.classifier_path, o.backend, copts);
  const SweepOptions s = study_sweep_options(o.study, seed.seed, o.backend);
  const SweepClassifiers classifiers{classifier.get(), {}, copts};
  auto sweep = [&](const BiasingSet& set, const fs::path& where, const nlohmann::json& origin) {
    const SweepInputs inputs{rbm, rbm_path, set, origin, in.classifier_path,
                              {{"study_config", study_config_json(o.study)}}};
    return run_sweep_into_folder(where, s, inputs, classifiers).analysis.paper;
  };
  seed.sweep = dir / "sweep";
  seed.numbers = sweep(biasing.set, seed.sweep, biasing.summary);
  in.log(name + ": sweep of " + std::to_string(kSweepVectors) + " vectors x " + std::to_string(s.chains) +
         " chains x " + std::to_string(s.steps) + " steps written to " + seed.sweep.string());
  if (o.k_control && !o.study.k && seed.k != 149) {
    const BiasingSet k149 = make_biasing_vectors(biasing.set.lb, biasing.set.n_hidden, 149);
    seed.k149_numbers = sweep(k149, dir / "sweep-k149", {{"k", 149}, {"control_of", seed.sweep.string()}});
    in.log(name + ": k = 149 control sweep done");
  }
  seed.seconds = since(ts);
  return seed;
}

// Trains the classifier into out/classifier.safetensors unless one is given; returns its record.
nlohmann::json prepare_classifier(const ReproduceOptions& o, const MnistSet& train, const MnistSet& test,
                                  fs::path& path, const StageLog& log) {
  if (o.classifier) {
    path = *o.classifier;
    return {{"file", path.string()}, {"trained_here", false}};
  }
  path = o.out / "classifier.safetensors";
  log("training the " + o.study.classifier_arch + " classifier on " + backend_name(o.backend) + " (non-digits on the " +
      nondigit_scale_name(o.study.nondigit_scale) + " scale)");
  nlohmann::json info = train_study_classifier(o.study, o.seed, train.split, test.split, path,
                                               {o.backend, o.cuda, o.progress});
  info["trained_here"] = true;
  log("classifier: best validation accuracy " + std::to_string(info["best_val_accuracy"].get<double>()) + ", test " +
      std::to_string(info["test_accuracy"].get<double>()) + ", held-out non-digits " +
      std::to_string(info["heldout_nondigit_accuracy"].get<double>()));
  return info;
}

int parallel_seeds(const ReproduceOptions& o) {
  const int64_t chains = study_sweep_options(o.study, o.seed, o.backend).chains * kSweepVectors;
  const int64_t batch = o.backend == Backend::cuda ? 2048 : 256;  // DigitClassifierOptions' defaults
  const std::size_t per_seed = seed_device_bytes(study_classifier_arch(o.study.classifier_arch), batch, chains, 100,
                                                 60000);
  return seeds_at_once(o.backend, o.seeds, o.backend == Backend::cuda ? cuda_free_bytes() : 0, per_seed,
                       o.parallel_seeds);
}

// The seeds as fidelity cells (fidelity.hpp): "default", and "k-149" for the control sweeps.
FidelityInputs fidelity_of(const ReproduceOptions& o, const ReportInputs& report, const fs::path& classifier) {
  std::map<std::string, std::string> meta;
  load_classifier(classifier, &meta);
  const std::vector<analysis::HeadlineNumber> classifier_rows = classifier_headline_numbers(meta);
  FidelityInputs in;
  in.command = o.command;
  in.options = report.options;
  const uint64_t classifier_seed = o.classifier ? 0 : o.seed;
  for (const SeedOutcome& s : report.seeds) {
    FidelityCell cell{"default", s.seed, classifier_seed, s.numbers, s.sweep.string()};
    cell.numbers.insert(cell.numbers.end(), classifier_rows.begin(), classifier_rows.end());
    in.cells.push_back(std::move(cell));
    if (s.k149_numbers.empty()) continue;
    FidelityCell control{"k-149", s.seed, classifier_seed, s.k149_numbers,
                         (s.sweep.parent_path() / "sweep-k149").string()};
    control.numbers.insert(control.numbers.end(), classifier_rows.begin(), classifier_rows.end());
    in.cells.push_back(std::move(control));
  }
  for (const char* name : {"default", "k-149"}) {
    if (std::none_of(in.cells.begin(), in.cells.end(), [&](const FidelityCell& c) { return c.variant == name; }))
      continue;
    const Variant v = named_variant(name);
    in.variants.push_back({v.name, variant_level_name(v.level), v.change, v.reference,
                           study_config_json(apply_variant(o.study, v))});
  }
  in.timings = {{"total_seconds", report.seconds}};
  return in;
}

void draw_figures(const ReproduceOptions& o, const fs::path& first_sweep, ReportInputs& report, const StageLog& log) {
  const fs::path figures = o.out / "figures";
  log("figures: " + o.plot_script.string() + " " + first_sweep.string());
  report.figures_error = run_plot_script(o.plot_script, {first_sweep.string(), "--out", figures.string()});
  report.figures = list_figures(figures, o.out);
}

}  // namespace

void ReproduceOptions::validate() {
  if (seeds < 1 || seeds > 1000) fail_input(quote_option("seeds") + " " + std::to_string(seeds) + ": must be in 1..1000");
  if (parallel_seeds < 0)
    fail_input(quote_option("parallel_seeds") + " " + std::to_string(parallel_seeds) + ": must be ≥ 0");
  if (classifier_arch == "auto") classifier_arch = backend == Backend::cuda ? "paper" : "small";
  study_classifier_arch(classifier_arch, "classifier_arch");  // InputError for an unknown name
  study.classifier_arch = classifier_arch;
  study.validate();
  if (plot_script.empty()) {
    if (const char* env = std::getenv("RBMDYN_PLOT_SCRIPT"); env && *env)
      plot_script = env;
    else
      plot_script = default_script("plot_figures.py");
  }
  if (figures && !fs::exists(plot_script))
    fail_input(quote_option("plot_script") + " " + plot_script.string() + ": no such file (or pass " +
               quote_option("no_figures") + ")");
  if (study.quick) k_control = false;
  if (command.empty()) command = "rbmdyn reproduce (command line not recorded; output folder " + out.string() + ")";
}

ReproduceResult reproduce(ReproduceOptions o) {
  NvtxRange range("reproduce");
  const auto t0 = Clock::now();
  o.validate();
  require_backend_available(o.backend);
  const StageLog log("reproduce");
  fs::create_directories(o.out);

  const fs::path mnist = resolve_mnist_dir(o.mnist);
  const MnistSet train = load_mnist(mnist, "train");
  const MnistSet test = load_mnist(mnist, "test");
  const std::vector<float> images = train.split.to_unit_float();
  log("MNIST: " + std::to_string(train.split.count()) + " training images from " + mnist.string());

  // The classifier: trained once, shared by every seed (the instrument, not the subject).
  fs::path classifier_path;
  nlohmann::json classifier_info = prepare_classifier(o, train, test, classifier_path, log);

  ReportInputs report;
  report.seeds.resize(static_cast<std::size_t>(o.seeds));
  const int at_once = parallel_seeds(o);
  if (at_once > 1) {
    log(std::to_string(at_once) + " seeds at a time");
    o.progress = false;  // one progress line per terminal
  }
  const SeedInputs inputs{o, train, images, classifier_path, log};
  run_jobs(o.seeds, at_once, [&](int i) {
    report.seeds[static_cast<std::size_t>(i)] = run_seed(inputs, o.seed + static_cast<uint64_t>(i));
  });
  ReproduceResult result;
  for (const SeedOutcome& s : report.seeds) result.sweeps.push_back(s.sweep);
  classifier_info["engine"] =
      load_digit_classifier(classifier_path, o.backend, classifier_run_options(o.study, o.cuda))->description();

  if (o.figures) draw_figures(o, result.sweeps.front(), report, log);
  report.options = {{"mnist", mnist.string()},      {"out", o.out.string()},
                    {"seed", o.seed},               {"seeds", o.seeds},
                    {"quick", o.study.quick},       {"device", backend_name(o.backend)},
                    {"classifier_arch", o.classifier_arch}, {"math", math_mode_name(o.cuda.math)},
                    {"deterministic", o.cuda.deterministic}, {"k_control", o.k_control},
                    {"seeds_at_once", at_once},     {"study", study_config_json(o.study)},
                    {"rbm", o.rbm ? o.rbm->string() : "trained per seed"}};
  report.classifier = classifier_info;
  report.seconds = since(t0);
  write_report(o.out, report);
  result.report = o.out / "report.md";

  FidelityInputs fidelity = fidelity_of(o, report, classifier_path);
  write_fidelity(o.out, fidelity);
  fs::path forest_script = o.plot_script.parent_path() / "plot_sensitivity.py";
  if (!fs::exists(forest_script)) forest_script = default_script("plot_sensitivity.py");
  const std::string forest_error = run_plot_script(forest_script,
                                                   {(o.out / "sensitivity.json").string(), "--out",
                                                    (o.out / "forest").string()});
  if (forest_error.empty()) fidelity.figure = "forest.png";
  fidelity.figure_error = forest_error;
  write_fidelity(o.out, fidelity);
  result.fidelity = o.out / "fidelity.md";
  result.figures_written = o.figures && report.figures_error.empty();
  result.seconds = since(t0);
  log("report: " + result.report.string() + ", fidelity table: " + result.fidelity.string());
  if (o.figures && !result.figures_written) fail(report.figures_error);
  return result;
}

}  // namespace rbmdyn
