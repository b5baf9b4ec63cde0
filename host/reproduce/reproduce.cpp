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
#include "host/sweep/sweep_job.hpp"

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

namespace {

// Everything the stages share: the resolved options, MNIST, the stage log and the classifier.
struct Study {
  const ReproduceOptions& o;
  fs::path mnist;
  MnistSet train, test;
  std::vector<float> images;  // the training images in [0, 1]
  StageLog log;
  fs::path classifier_path;
  nlohmann::json classifier_info;
  std::unique_ptr<DigitClassifier> classifier;

  int64_t n() const { return train.split.count(); }
};

// The classifier: trained once (unless given), shared by every seed (the instrument, not the subject).
void prepare_classifier(Study& st) {
  const ReproduceOptions& o = st.o;
  if (o.classifier) {
    st.classifier_path = *o.classifier;
    st.classifier_info = {{"file", st.classifier_path.string()}, {"trained_here", false}};
  } else {
    st.classifier_path = o.out / "classifier.safetensors";
    ClassifierTrainingOptions t;
    t.arch = ClassifierArch::named(o.classifier_arch, "classifier_arch");
    t.config = classifier_config(o.classifier_arch, o);
    t.backend = o.backend;
    t.cuda = o.cuda;
    t.out = st.classifier_path;
    t.progress = o.progress;
    st.log("training the " + o.classifier_arch + " classifier on " + backend_name(o.backend));
    const ClassifierTrainingData data = build_training_data(st.train.split, &st.test.split, t.config);
    const ClassifierTrainingResult r = train_classifier(data, t);
    if (r.interrupted) fail("interrupted while training the classifier (checkpoint saved beside it)");
    st.classifier_info = {{"file", st.classifier_path.string()}, {"trained_here", true},
                          {"arch", o.classifier_arch},            {"epochs", t.config.epochs},
                          {"best_epoch", r.best_epoch + 1},       {"best_val_accuracy", r.best_val_accuracy},
                          {"test_accuracy", r.test_accuracy},     {"heldout_nondigit_accuracy", r.nondigit_accuracy},
                          {"seconds", r.seconds}};
    st.log("classifier: best validation accuracy " + std::to_string(r.best_val_accuracy) + ", test " +
           std::to_string(r.test_accuracy) + ", held-out non-digits " + std::to_string(r.nondigit_accuracy));
  }
  DigitClassifierOptions copts;
  copts.cuda = o.cuda;
  st.classifier = load_digit_classifier(st.classifier_path, o.backend, copts);
  st.classifier_info["engine"] = st.classifier->description();
}

// The RBM of one seed: the given file, or trained here into `dir`.
fs::path seed_rbm(Study& st, uint64_t seed, const fs::path& dir) {
  const ReproduceOptions& o = st.o;
  if (o.rbm) return *o.rbm;
  const fs::path path = dir / "rbm.safetensors";
  RbmTrainingOptions t;
  t.config.seed = seed;
  if (o.quick) t.config.epochs = kQuickRbmEpochs;
  t.backend = o.backend;
  t.out = path;
  t.progress = o.progress;
  st.log("seed " + std::to_string(seed) + ": training the RBM (" + std::to_string(t.config.epochs) + " epochs)");
  const RbmTrainingResult r = train_rbm(st.images.data(), st.n(), t, fresh_checkpoint(t.config, kMnistPixels, st.n()));
  if (r.interrupted) fail("interrupted while training the RBM (checkpoint saved beside it)");
  return path;
}

// One seed: RBM, biasing vectors, the sweep (and the k = 149 control) into seed-<s>/.
SeedOutcome run_seed(Study& st, uint64_t seed_value) {
  const ReproduceOptions& o = st.o;
  const auto ts = Clock::now();
  SeedOutcome seed;
  seed.seed = seed_value;
  const fs::path dir = o.out / ("seed-" + std::to_string(seed.seed));
  const fs::path rbm_path = seed_rbm(st, seed.seed, dir);
  seed.rbm = rbm_record(rbm_path);
  const Rbm rbm = load_rbm(rbm_path);
  const DerivedBiasing biasing =
      derive_biasing(rbm, st.images.data(), st.train.split.labels.data(), st.n(), seed.seed, o.backend);
  seed.k = biasing.set.k;
  st.log("seed " + std::to_string(seed.seed) + ": biasing vectors, k = " + std::to_string(seed.k) +
         ", step-1 activity " + std::to_string(biasing.summary["step1_active_percent_mean"].get<double>()) + " %");

  SweepOptions s;
  s.seed = seed.seed;
  s.backend = o.backend;
  if (o.quick) s.chains = kQuickChains;
  const SweepClassifiers classifiers{st.classifier.get(), {}, {}};
  seed.sweep = dir / "sweep";
  seed.numbers = run_sweep_into_folder(seed.sweep, s,
                                       SweepInputs{rbm, rbm_path, biasing.set, biasing.summary, st.classifier_path},
                                       classifiers)
                     .analysis.paper;
  st.log("seed " + std::to_string(seed.seed) + ": sweep of " + std::to_string(kSweepVectors) + " vectors x " +
         std::to_string(s.chains) + " chains x " + std::to_string(s.steps) + " steps written to " + seed.sweep.string());
  if (o.k_control && seed.k != 149) {
    const BiasingSet k149 = make_biasing_vectors(biasing.set.lb, biasing.set.n_hidden, 149);
    const nlohmann::json origin = {{"k", 149}, {"control_of", seed.sweep.string()}};
    seed.k149_numbers =
        run_sweep_into_folder(dir / "sweep-k149", s, SweepInputs{rbm, rbm_path, k149, origin, st.classifier_path},
                              classifiers)
            .analysis.paper;
    st.log("seed " + std::to_string(seed.seed) + ": k = 149 control sweep done");
  }
  seed.seconds = since(ts);
  return seed;
}

// Fig. 2 and 3 from the first seed's sweep (scripts/plot_figures.py).
void draw_figures(Study& st, const fs::path& sweep, ReportInputs& report, ReproduceResult& result) {
  const ReproduceOptions& o = st.o;
  const fs::path figures = o.out / "figures";
  const std::string command =
      "python3 '" + o.plot_script.string() + "' '" + sweep.string() + "' --out '" + figures.string() + "'";
  st.log("figures: " + command);
  const int rc = std::system(command.c_str());
  if (rc != 0)
    report.figures_error = "`" + command + "` exited with status " + std::to_string(rc) +
                           " (needs python3 with numpy and matplotlib: scripts/setup.sh --plots)";
  report.figures = list_figures(figures, o.out);
  result.figures_written = rc == 0;
}

nlohmann::json options_record(const ReproduceOptions& o, const fs::path& mnist) {
  return {{"mnist", mnist.string()},
          {"out", o.out.string()},
          {"seed", o.seed},
          {"seeds", o.seeds},
          {"quick", o.quick},
          {"device", backend_name(o.backend)},
          {"classifier_arch", o.classifier_arch},
          {"math", math_mode_name(o.cuda.math)},
          {"deterministic", o.cuda.deterministic},
          {"k_control", o.k_control},
          {"rbm", o.rbm ? o.rbm->string() : "trained per seed"}};
}

}  // namespace

ReproduceResult reproduce(ReproduceOptions o) {
  NvtxRange range("reproduce");
  const auto t0 = Clock::now();
  o.validate();
  require_backend_available(o.backend);
  Study st{o, resolve_mnist_dir(o.mnist), {}, {}, {}, {}, {}, {}, {}};
  fs::create_directories(o.out);
  st.train = load_mnist(st.mnist, "train");
  st.test = load_mnist(st.mnist, "test");
  st.images = st.train.split.to_unit_float();
  st.log("MNIST: " + std::to_string(st.n()) + " training images from " + st.mnist.string());
  prepare_classifier(st);

  ReportInputs report;
  ReproduceResult result;
  for (int i = 0; i < o.seeds; ++i) {
    report.seeds.push_back(run_seed(st, o.seed + static_cast<uint64_t>(i)));
    result.sweeps.push_back(report.seeds.back().sweep);
  }
  if (o.figures) draw_figures(st, result.sweeps.front(), report, result);
  report.options = options_record(o, st.mnist);
  report.classifier = st.classifier_info;
  report.seconds = since(t0);
  write_report(o.out, report);
  result.report = o.out / "report.md";
  result.seconds = report.seconds;
  st.log("report: " + result.report.string());
  if (o.figures && !result.figures_written) fail(report.figures_error);
  return result;
}

}  // namespace rbmdyn
