#include "host/reproduce/reproduce.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "host/biasing/derive_biasing.hpp"
#include "host/classifier/digit_classifier.hpp"
#include "host/classifier/trainer.hpp"
#include "host/core/error.hpp"
#include "host/data/mnist.hpp"
#include "host/rbm/rbm_trainer.hpp"
#include "host/reproduce/report.hpp"
#include "host/runtime/nvtx.hpp"
#include "host/sweep/sweep.hpp"
#include "host/sweep/sweep_files.hpp"

#ifndef RBMDYN_SOURCE_DIR
#define RBMDYN_SOURCE_DIR "."
#endif

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Progress of the stages on stdout (one line each), timed from the start.
class StageLog {
 public:
  void operator()(const std::string& what) const {
    std::printf("[reproduce %7.1fs] %s\n", since(start_), what.c_str());
    std::fflush(stdout);
  }

 private:
  Clock::time_point start_ = Clock::now();
};

// The quick configuration (CI on 2 CPU cores, a few minutes): a briefly trained RBM, the small
// classifier on a subset, 20 chains per vector. Full steps (100), so every §9 number is defined.
constexpr int kQuickRbmEpochs = 5;
constexpr int64_t kQuickChains = 20;

ClassifierTrainConfig classifier_config(const std::string& arch, const ReproduceOptions& o) {
  ClassifierTrainConfig c = ClassifierTrainConfig::for_arch(arch);
  c.seed = o.seed;
  if (o.quick) {  // measured: ≈ 30 s on 2 cores, MNIST test ≈ 96.5 %, held-out non-digits ≈ 96 %
    c.epochs = 3;
    c.train_limit = 12000;
    c.nondigits_per_type = 1000;
    c.validation_limit = 1000;
    c.test_each_epoch = false;
  }
  return c;
}

nlohmann::json rbm_record(const fs::path& path) {
  std::map<std::string, std::string> meta;
  load_rbm(path, &meta);
  nlohmann::json j = {{"file", path.string()}};
  for (const char* key : {"epochs_trained", "seed", "final_error_sum", "final_rmse", "training_backend"})
    if (meta.count(key)) j[key] = meta.at(key);
  return j;
}

std::vector<std::string> list_figures(const fs::path& dir, const fs::path& relative_to) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".png" || e.path().extension() == ".pdf")
      files.push_back(fs::relative(e.path(), relative_to).string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

void ReproduceOptions::validate() {
  if (seeds < 1 || seeds > 1000) fail_input(quote_option("seeds") + " " + std::to_string(seeds) + ": must be in 1..1000");
  if (classifier_arch == "auto") classifier_arch = backend == Backend::cuda ? "paper" : "small";
  if (classifier_arch != "paper" && classifier_arch != "small")
    fail_input(quote_option("classifier_arch") + " " + classifier_arch + ": expected paper, small or auto");
  if (plot_script.empty()) {
    if (const char* env = std::getenv("RBMDYN_PLOT_SCRIPT"); env && *env)
      plot_script = env;
    else
      plot_script = fs::path(RBMDYN_SOURCE_DIR) / "scripts" / "plot_figures.py";
  }
  if (figures && !fs::exists(plot_script))
    fail_input(quote_option("plot_script") + " " + plot_script.string() + ": no such file (or pass " +
               quote_option("no_figures") + ")");
  if (quick) k_control = false;
}

ReproduceResult reproduce(ReproduceOptions o) {
  NvtxRange range("reproduce");
  const auto t0 = Clock::now();
  o.validate();
  require_backend_available(o.backend);
  const StageLog log;
  fs::create_directories(o.out);

  const MnistSet train = load_mnist(o.mnist, "train");
  const MnistSet test = load_mnist(o.mnist, "test");
  const std::vector<float> images = train.split.to_unit_float();
  const int64_t n = train.split.count();
  log("MNIST: " + std::to_string(n) + " training images from " + o.mnist.string());

  // The classifier: trained once, shared by every seed (the instrument, not the subject).
  fs::path classifier_path;
  nlohmann::json classifier_info;
  if (o.classifier) {
    classifier_path = *o.classifier;
    classifier_info = {{"file", classifier_path.string()}, {"trained_here", false}};
  } else {
    classifier_path = o.out / "classifier.safetensors";
    ClassifierTrainingOptions t;
    t.arch = ClassifierArch::named(o.classifier_arch, "classifier_arch");
    t.config = classifier_config(o.classifier_arch, o);
    t.backend = o.backend;
    t.cuda = o.cuda;
    t.out = classifier_path;
    t.progress = o.progress;
    log("training the " + o.classifier_arch + " classifier on " + backend_name(o.backend));
    const ClassifierTrainingData data = build_training_data(train.split, &test.split, t.config);
    const ClassifierTrainingResult r = train_classifier(data, t);
    if (r.interrupted) fail("interrupted while training the classifier (checkpoint saved beside it)");
    classifier_info = {{"file", classifier_path.string()},   {"trained_here", true},
                       {"arch", o.classifier_arch},         {"epochs", t.config.epochs},
                       {"best_epoch", r.best_epoch + 1},    {"best_val_accuracy", r.best_val_accuracy},
                       {"test_accuracy", r.test_accuracy},  {"heldout_nondigit_accuracy", r.nondigit_accuracy},
                       {"seconds", r.seconds}};
    log("classifier: best validation accuracy " + std::to_string(r.best_val_accuracy) + ", test " +
        std::to_string(r.test_accuracy) + ", held-out non-digits " + std::to_string(r.nondigit_accuracy));
  }
  DigitClassifierOptions copts;
  copts.cuda = o.cuda;
  const auto classifier = load_digit_classifier(classifier_path, o.backend, copts);
  classifier_info["engine"] = classifier->description();

  ReportInputs report;
  ReproduceResult result;
  for (int i = 0; i < o.seeds; ++i) {
    const auto ts = Clock::now();
    SeedOutcome seed;
    seed.seed = o.seed + static_cast<uint64_t>(i);
    const fs::path dir = o.out / ("seed-" + std::to_string(seed.seed));

    fs::path rbm_path;
    if (o.rbm) {
      rbm_path = *o.rbm;
    } else {
      rbm_path = dir / "rbm.safetensors";
      RbmTrainingOptions t;
      t.config.seed = seed.seed;
      if (o.quick) t.config.epochs = kQuickRbmEpochs;
      t.backend = o.backend;
      t.out = rbm_path;
      t.progress = o.progress;
      log("seed " + std::to_string(seed.seed) + ": training the RBM (" + std::to_string(t.config.epochs) + " epochs)");
      const RbmTrainingResult r = train_rbm(images.data(), n, t, fresh_checkpoint(t.config, kMnistPixels, n));
      if (r.interrupted) fail("interrupted while training the RBM (checkpoint saved beside it)");
    }
    seed.rbm = rbm_record(rbm_path);
    const Rbm rbm = load_rbm(rbm_path);

    const DerivedBiasing biasing =
        derive_biasing(rbm, images.data(), train.split.labels.data(), n, seed.seed, o.backend);
    seed.k = biasing.set.k;
    log("seed " + std::to_string(seed.seed) + ": biasing vectors, k = " + std::to_string(seed.k) + ", step-1 activity " +
        std::to_string(biasing.summary["step1_active_percent_mean"].get<double>()) + " %");

    SweepOptions s;
    s.seed = seed.seed;
    s.backend = o.backend;
    if (o.quick) s.chains = kQuickChains;
    auto sweep = [&](const BiasingSet& set, const fs::path& where, const nlohmann::json& origin) {
      const auto tw = Clock::now();
      SweepRun run = run_sweep(rbm, set, *classifier, s);
      const SweepRecord record{{{"rbm", rbm_path.string()},
                                {"classifier", classifier_path.string()},
                                {"biasing", origin}},
                               classifier->description(),
                               {{"gibbs_and_classification", run.data.gibbs_seconds},
                                {"metrics", run.analysis_seconds},
                                {"total", since(tw)}}};
      write_sweep_folder(where, run.data, run.analysis, set, record);
      return run.analysis.paper;
    };
    seed.sweep = dir / "sweep";
    seed.numbers = sweep(biasing.set, seed.sweep, biasing.summary);
    log("seed " + std::to_string(seed.seed) + ": sweep of " + std::to_string(kSweepVectors) + " vectors x " +
        std::to_string(s.chains) + " chains x " + std::to_string(s.steps) + " steps written to " +
        seed.sweep.string());
    if (o.k_control && seed.k != 149) {
      const BiasingSet k149 = make_biasing_vectors(biasing.set.lb, biasing.set.n_hidden, 149);
      seed.k149_numbers = sweep(k149, dir / "sweep-k149", {{"k", 149}, {"control_of", seed.sweep.string()}});
      log("seed " + std::to_string(seed.seed) + ": k = 149 control sweep done");
    }
    seed.seconds = since(ts);
    result.sweeps.push_back(seed.sweep);
    report.seeds.push_back(std::move(seed));
  }

  if (o.figures) {
    const fs::path figures = o.out / "figures";
    const std::string command = "python3 '" + o.plot_script.string() + "' '" + result.sweeps.front().string() +
                                "' --out '" + figures.string() + "'";
    log("figures: " + command);
    const int rc = std::system(command.c_str());
    if (rc != 0)
      report.figures_error = "`" + command + "` exited with status " + std::to_string(rc) +
                             " (needs python3 with numpy and matplotlib: scripts/setup.sh --plots)";
    report.figures = list_figures(figures, o.out);
    result.figures_written = rc == 0;
  }

  report.options = {{"mnist", o.mnist.string()},    {"out", o.out.string()},
                    {"seed", o.seed},               {"seeds", o.seeds},
                    {"quick", o.quick},             {"device", backend_name(o.backend)},
                    {"classifier_arch", o.classifier_arch}, {"math", math_mode_name(o.cuda.math)},
                    {"deterministic", o.cuda.deterministic}, {"k_control", o.k_control},
                    {"rbm", o.rbm ? o.rbm->string() : "trained per seed"}};
  report.classifier = classifier_info;
  report.seconds = since(t0);
  write_report(o.out, report);
  result.report = o.out / "report.md";
  result.seconds = report.seconds;
  log("report: " + result.report.string());
  if (o.figures && !result.figures_written) fail(report.figures_error);
  return result;
}

}  // namespace rbmdyn
