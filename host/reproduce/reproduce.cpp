#include "host/reproduce/reproduce.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "host/biasing/derive_biasing.hpp"
#include "host/classifier/digit_classifier.hpp"
#include "host/classifier/model.hpp"
#include "host/core/error.hpp"
#include "host/data/mnist.hpp"
#include "host/io/output_folder.hpp"
#include "host/io/sha256.hpp"
#include "host/rbm/rbm_trainer.hpp"
#include "host/reproduce/fidelity.hpp"
#include "host/reproduce/plot_script.hpp"
#include "host/reproduce/report.hpp"
#include "host/reproduce/seed_parallelism.hpp"
#include "host/reproduce/stage_log.hpp"
#include "host/reproduce/stage_record.hpp"
#include "host/reproduce/study_classifier.hpp"
#include "host/reproduce/study_models.hpp"
#include "host/reproduce/variants.hpp"
#include "host/runtime/nvtx.hpp"
#include "host/sweep/sweep_job.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string relative_to_out(const ReproduceOptions& o, const fs::path& p) {
  return fs::relative(p, o.out).generic_string();
}

std::string mnist_sha256(const MnistSplit& train, const MnistSplit& test) {
  std::string all;
  for (const MnistSplit* s : {&train, &test})
    all += sha256_hex(s->pixels.data(), s->pixels.size()) + sha256_hex(s->labels.data(), s->labels.size());
  return sha256_hex(reinterpret_cast<const uint8_t*>(all.data()), all.size());
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
  if (seed > std::numeric_limits<uint64_t>::max() - static_cast<uint64_t>(seeds - 1))
    fail_input(quote_option("seed") + " " + std::to_string(seed) + " with " + quote_option("seeds") + " " +
               std::to_string(seeds) + ": the last seed would pass 2^64 - 1");
  if (parallel_seeds < 0)
    fail_input(quote_option("parallel_seeds") + " " + std::to_string(parallel_seeds) + ": must be ≥ 0");
  if (classifier_arch == "auto") classifier_arch = backend == Backend::cuda ? "paper" : "small";
  study_classifier_arch(classifier_arch, "classifier_arch");  // InputError for an unknown name
  study.classifier_arch = classifier_arch;
  if (tiny) study.tiny = true;
  if (study.tiny) study.quick = true;
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

namespace {

// Everything the stages share: the resolved options, MNIST, the stage log and the classifier.
struct Study {
  Study(const ReproduceOptions& options, fs::path mnist_dir) : o(options), mnist(std::move(mnist_dir)) {}
  const ReproduceOptions& o;
  fs::path mnist;
  MnistSet train, test;
  std::vector<float> images;  // the training images in [0, 1]
  StageLog log{"reproduce"};
  std::string mnist_sha;  // SHA-256 of the training and test pixels and labels: an input of every stage
  fs::path classifier_path;
  nlohmann::json classifier_info;
  std::unique_ptr<DigitClassifier> classifier;  // the sequential seeds' instance

  int64_t n() const { return train.split.count(); }
};

// The classifier: trained once (unless given), shared by every seed (the instrument, not the subject).
void prepare_classifier(Study& st) {
  const ReproduceOptions& o = st.o;
  StudyClassifierRequest r;
  r.given = o.classifier;
  r.out = o.out / "classifier.safetensors";
  r.study = o.study;
  r.seed = o.seed;
  r.backend = o.backend;
  r.cuda = o.cuda;
  r.progress = o.progress;
  r.stage_folder = o.out;
  r.mnist_sha256 = st.mnist_sha;
  StudyClassifier c = prepare_study_classifier(r, st.train, st.test, [&st](const std::string& line) { st.log(line); });
  st.classifier_path = c.path;
  st.classifier_info = std::move(c.info);
  st.classifier = std::move(c.classifier);
}

// The RBM of one seed: the given file, or trained here into `dir` as a resumable stage.
fs::path seed_rbm(const Study& st, uint64_t seed, const fs::path& dir) {
  const ReproduceOptions& o = st.o;
  if (o.rbm) return *o.rbm;
  const fs::path path = dir / "rbm.safetensors";
  RbmTrainingOptions t;
  t.config = rbm_train_config(o.study, seed);
  t.backend = o.backend;
  t.out = path;
  t.progress = o.progress;
  const std::string name = "seed-" + std::to_string(seed) + "-rbm";
  StageRecord stage(o.out, name,
                    {{"config", t.config}, {"device", backend_name(o.backend)}, {"mnist_sha256", st.mnist_sha}},
                    {relative_to_out(o, path), relative_to_out(o, training_log_path(path))});
  if (stage.done()) {
    st.log("seed " + std::to_string(seed) + ": RBM finished by an earlier run with the same inputs (stages/" + name +
           ".json); reused");
    return path;
  }
  const fs::path ckpt = checkpoint_path(path);
  const bool resume = stage.started() && fs::exists(ckpt);
  if (!resume) fs::remove(ckpt);  // a checkpoint of other inputs is not ours to continue
  RbmCheckpoint start = resume ? load_checkpoint(ckpt) : fresh_checkpoint(t.config, kMnistPixels, st.n());
  stage.start();
  st.log("seed " + std::to_string(seed) + ": " + (resume ? "resuming" : "training") + " the RBM (" +
         std::to_string(start.state.epochs_done) + " of " + std::to_string(t.config.epochs) + " epochs done)");
  const RbmTrainingResult r = train_rbm(st.images.data(), st.n(), t, std::move(start));
  if (r.interrupted) fail_interrupted("interrupted while training the RBM (checkpoint saved; rerun to resume)");
  stage.finish();
  fs::remove(ckpt);  // the model is final; a checkpoint would only hold timings and stale state
  return path;
}

// The biasing vectors of one seed as a resumable stage, in seed-<s>/biasing/ (the layout of `rbmdyn
// biasing`): reused while the RBM file, MNIST and the readout options are those recorded.
DerivedBiasing seed_biasing(const Study& st, uint64_t seed, const Rbm& rbm, const fs::path& rbm_path, const fs::path& dir) {
  const ReproduceOptions& o = st.o;
  const fs::path folder = dir / "biasing";
  const std::string name = "seed-" + std::to_string(seed) + "-biasing";
  StageRecord stage(o.out, name,
                    {{"rbm_sha256", sha256_file_hex(rbm_path)},
                     {"seed", seed},
                     {"readout", readout_mode_name(o.study.readout)},
                     {"k", o.study.k ? nlohmann::json(*o.study.k) : nlohmann::json(nullptr)},
                     {"device", backend_name(o.backend)},
                     {"mnist_sha256", st.mnist_sha}},
                    {relative_to_out(o, folder)});
  if (stage.done()) {
    st.log("seed " + std::to_string(seed) + ": biasing vectors finished by an earlier run with the same inputs (stages/" +
           name + ".json); reused");
    return {load_biasing_set(folder), stage.result()};
  }
  stage.start();
  DerivedBiasing b = derive_biasing(rbm, st.images.data(), st.train.split.labels.data(), st.n(), seed, o.backend,
                                    o.study.readout, o.study.k);
  save_biasing_set(folder, b.set, b.summary);
  stage.finish(b.summary);
  return b;
}

// One seed: RBM, biasing vectors, the sweep (and the k = 149 control) into seed-<s>/, classified by
// `classifier` (its own instance when seeds run side by side).
SeedOutcome run_seed(const Study& st, uint64_t seed_value, DigitClassifier& classifier) {
  const ReproduceOptions& o = st.o;
  const auto ts = Clock::now();
  SeedOutcome seed;
  seed.seed = seed_value;
  const std::string name = "seed " + std::to_string(seed.seed);
  const fs::path dir = o.out / ("seed-" + std::to_string(seed.seed));
  const fs::path rbm_path = seed_rbm(st, seed.seed, dir);
  seed.rbm = rbm_file_record(rbm_path);
  const Rbm rbm = load_rbm(rbm_path);
  const DerivedBiasing biasing = seed_biasing(st, seed.seed, rbm, rbm_path, dir);
  seed.k = biasing.set.k;
  st.log(name + ": biasing vectors, k = " + std::to_string(seed.k) + ", step-1 activity " +
         std::to_string(biasing.summary["step1_active_percent_mean"].get<double>()) + " %");

  const SweepOptions s = study_sweep_options(o.study, seed.seed, o.backend);
  const SweepClassifiers classifiers{&classifier, {}, classifier_run_options(o.study, o.cuda)};
  auto sweep = [&](const BiasingSet& set, const fs::path& where, const nlohmann::json& origin) {
    SweepInputs inputs{rbm, rbm_path, set, origin, st.classifier_path};
    inputs.more = {{"study_config", study_config_json(o.study)}};
    return run_sweep_into_folder(where, s, inputs, classifiers);
  };
  seed.sweep = dir / "sweep";
  const SweepRun main_sweep = sweep(biasing.set, seed.sweep, biasing.summary);
  seed.numbers = main_sweep.analysis.paper;
  st.log(name + ": sweep of " + std::to_string(kSweepVectors) + " vectors x " + std::to_string(s.chains) +
         " chains x " + std::to_string(s.steps) + " steps " +
         (main_sweep.reused ? "finished by an earlier run with the same inputs (config.json); reused: "
                            : "written to ") +
         seed.sweep.string());
  if (o.k_control && !o.study.k && seed.k != 149) {
    const BiasingSet k149 = make_biasing_vectors(biasing.set.lb, biasing.set.n_hidden, 149);
    const SweepRun control = sweep(k149, dir / "sweep-k149", {{"k", 149}, {"control_of", seed.sweep.string()}});
    seed.k149_numbers = control.analysis.paper;
    st.log(name + ": k = 149 control sweep " + (control.reused ? "reused" : "done"));
  }
  seed.seconds = since(ts);
  return seed;
}

int parallel_seeds(const ReproduceOptions& o) {
  const int64_t chains = study_sweep_options(o.study, o.seed, o.backend).chains * kSweepVectors;
  const int64_t batch = o.backend == Backend::cuda ? 2048 : 256;  // DigitClassifierOptions' defaults
  const std::size_t per_seed = seed_device_bytes(study_classifier_arch(o.study.classifier_arch), batch, chains, 100,
                                                 60000);
  return seeds_at_once(o.backend, o.seeds, o.backend == Backend::cuda ? cuda_free_bytes() : 0, per_seed,
                       o.parallel_seeds);
}

// Every seed; side by side (each with its own classifier instance) where the device has room.
void run_seeds(Study& st, ReportInputs& report) {
  const ReproduceOptions& o = st.o;
  report.seeds.resize(static_cast<std::size_t>(o.seeds));
  const int at_once = parallel_seeds(o);
  if (at_once > 1) st.log(std::to_string(at_once) + " seeds at a time");
  run_jobs(o.seeds, at_once, [&](int i) {
    std::unique_ptr<DigitClassifier> own;
    if (at_once > 1)
      own = load_digit_classifier(st.classifier_path, o.backend, classifier_run_options(o.study, o.cuda));
    report.seeds[static_cast<std::size_t>(i)] =
        run_seed(st, o.seed + static_cast<uint64_t>(i), own ? *own : *st.classifier);
  });
  report.options["seeds_at_once"] = at_once;
}

// Fig. 2 and 3 from the first seed's sweep (scripts/plot_figures.py), drawn into a staging folder and
// swapped in whole. Redone only when the script or the sweep folder changed. SOURCE_DATE_EPOCH=0 keeps
// the date out of the PDFs, so the figures of a rerun are byte-identical.
void draw_figures(Study& st, const fs::path& sweep, ReportInputs& report, ReproduceResult& result) {
  const ReproduceOptions& o = st.o;
  const fs::path figures = o.out / "figures";
  StageRecord stage(o.out, "figures",
                    {{"script_sha256", sha256_file_hex(o.plot_script)},
                     {"sweep", files_sha256(o.out, {relative_to_out(o, sweep)})}},
                    {"figures"});
  int rc = 0;
  if (stage.done()) {
    st.log("figures: drawn by an earlier run from the same sweep and script (stages/figures.json); reused");
  } else {
    OutputFolder folder(figures, "out", owned_names({}, {"fig"}));
    const std::string command = "SOURCE_DATE_EPOCH=0 python3 '" + o.plot_script.string() + "' '" + sweep.string() +
                                "' --out '" + folder.staging().string() + "'";
    st.log("figures: " + command);
    stage.start();
    rc = std::system(command.c_str());
    if (rc != 0)
      report.figures_error = "`" + command + "` exited with status " + std::to_string(rc) +
                             " (needs python3 with numpy and matplotlib: scripts/setup.sh --plots)";
    if (rc == 0) {
      folder.commit();
      stage.finish();
    }
  }
  report.figures = list_figures(figures, o.out);
  result.figures_written = rc == 0;
}

nlohmann::json options_record(const ReproduceOptions& o, const fs::path& mnist) {
  return {{"mnist", mnist.string()},
          {"out", o.out.string()},
          {"seed", o.seed},
          {"seeds", o.seeds},
          {"quick", o.study.quick},
          {"tiny", o.study.tiny},
          {"device", backend_name(o.backend)},
          {"classifier_arch", o.classifier_arch},
          {"math", math_mode_name(o.cuda.math)},
          {"deterministic", o.cuda.deterministic},
          {"k_control", o.k_control},
          {"study", study_config_json(o.study)},
          {"rbm", o.rbm ? o.rbm->string() : "trained per seed"}};
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

// The fidelity table of the seeds run (sensitivity's format) and its forest plot; returns fidelity.md.
fs::path write_seed_fidelity(const ReproduceOptions& o, const ReportInputs& report, const fs::path& classifier) {
  FidelityInputs fidelity = fidelity_of(o, report, classifier);
  write_fidelity(o.out, fidelity);
  fs::path forest_script = o.plot_script.parent_path() / "plot_sensitivity.py";
  if (!fs::exists(forest_script)) forest_script = default_script("plot_sensitivity.py");
  fidelity.figure_error = run_plot_script(
      forest_script, {(o.out / "sensitivity.json").string(), "--out", (o.out / "forest").string()});
  if (fidelity.figure_error.empty()) fidelity.figure = "forest.png";
  write_fidelity(o.out, fidelity);
  return o.out / "fidelity.md";
}

}  // namespace

ReproduceResult reproduce(ReproduceOptions o) {
  NvtxRange range("reproduce");
  const auto t0 = Clock::now();
  o.validate();
  require_backend_available(o.backend);
  Study st(o, resolve_mnist_dir(o.mnist));
  check_output_folder(o.out, "out");
  if (o.rbm) {  // checked now, not after minutes of classifier training
    const Rbm given = load_rbm(*o.rbm);
    if (given.n_visible != kMnistPixels)
      fail_input(quote_option("rbm") + " " + o.rbm->string() + ": has " + std::to_string(given.n_visible) +
                 " visible units; the study needs " + std::to_string(kMnistPixels) + " (28 x 28 MNIST)");
  }
  st.train = load_mnist(st.mnist, "train");
  st.test = load_mnist(st.mnist, "test");
  st.mnist_sha = mnist_sha256(st.train.split, st.test.split);
  st.images = st.train.split.to_unit_float();
  st.log("MNIST: " + std::to_string(st.n()) + " training images from " + st.mnist.string());
  prepare_classifier(st);

  ReportInputs report;
  ReproduceResult result;
  if (parallel_seeds(o) > 1) o.progress = false;  // one progress line per terminal
  run_seeds(st, report);
  for (const SeedOutcome& s : report.seeds) result.sweeps.push_back(s.sweep);
  if (o.figures) draw_figures(st, result.sweeps.front(), report, result);
  const int at_once = report.options.value("seeds_at_once", 1);
  report.options = options_record(o, st.mnist);
  report.options["seeds_at_once"] = at_once;
  report.classifier = st.classifier_info;
  report.seconds = since(t0);
  write_report(o.out, report);
  result.report = o.out / "report.md";
  result.fidelity = write_seed_fidelity(o, report, st.classifier_path);
  result.seconds = since(t0);
  st.log("report: " + result.report.string() + ", fidelity table: " + result.fidelity.string());
  if (o.figures && !result.figures_written) fail(report.figures_error);
  return result;
}

}  // namespace rbmdyn
