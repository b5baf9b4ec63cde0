#include "host/classifier/trainer.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "host/classifier/checkpoint.hpp"
#include "host/classifier/network.hpp"
#include "host/core/error.hpp"
#include "host/core/random.hpp"
#include "host/data/nondigits.hpp"
#include "host/data/resize.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/sibling_path.hpp"
#include "host/ops/classifier_math.hpp"
#include "host/util/interrupt.hpp"
#include "host/util/progress.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

ClassifierTrainingData build_training_data(const MnistSplit& mnist_train, const MnistSplit* mnist_test,
                                           const ClassifierTrainConfig& config) {
  config.validate();
  ClassifierSplit split = split_training_images(mnist_train.count(), config.validation_size, config.seed);
  if (config.train_limit > 0 && config.train_limit < static_cast<int64_t>(split.train.size()))
    split.train.resize(static_cast<std::size_t>(config.train_limit));
  if (config.validation_limit > 0 && config.validation_limit < static_cast<int64_t>(split.validation.size()))
    split.validation.resize(static_cast<std::size_t>(config.validation_limit));
  ClassifierTrainingData d;
  d.train = select_digits(mnist_train, split.train);
  d.train.append(make_nondigit_data(mnist_train, config.nondigits_per_type, config.seed));
  d.validation = select_digits(mnist_train, split.validation);
  if (mnist_test) d.test = all_digits(*mnist_test);
  d.heldout_nondigits = make_nondigit_data(mnist_train, config.heldout_nondigits_per_type, config.seed ^ kHeldoutSeedXor);
  return d;
}

fs::path classifier_log_path(const fs::path& model_path) { return sibling_path(model_path, ".train.csv"); }

fs::path classifier_checkpoint_path(const fs::path& model_path) { return sibling_path(model_path, ".ckpt.safetensors"); }

namespace {

// Accuracy of each consecutive batch of `batch` rows of `data` (the first `limit` rows; 0 = all).
std::vector<double> batch_accuracies(ClassifierNetwork& network, const ClassifierData& data, int64_t batch,
                                     NondigitScale scale, int64_t limit) {
  const int64_t n = limit > 0 ? std::min(limit, data.count()) : data.count();
  std::vector<double> acc;
  if (n == 0) return acc;
  // Prepare and predict in large chunks (a multiple of `batch`), then score per batch.
  const int64_t chunk = std::max<int64_t>(batch, (4096 / batch) * batch);
  const int classes = network.classes();
  std::vector<float> x(static_cast<std::size_t>(chunk * kResizeOutPixels));
  std::vector<float> p(static_cast<std::size_t>(chunk * classes));
  std::vector<int32_t> rows(static_cast<std::size_t>(chunk));
  for (int64_t first = 0; first < n; first += chunk) {
    const int64_t m = std::min(chunk, n - first);
    for (int64_t i = 0; i < m; ++i) rows[static_cast<std::size_t>(i)] = static_cast<int32_t>(first + i);
    prepare_inputs(data, rows.data(), m, scale, x.data());
    network.predict(x.data(), m, p.data());
    for (int64_t b0 = 0; b0 < m; b0 += batch) {
      const int64_t len = std::min(batch, m - b0);
      int64_t correct = 0;
      for (int64_t r = b0; r < b0 + len; ++r)
        correct += cls::argmax_row(p.data() + r * classes, classes) == data.labels[static_cast<std::size_t>(first + r)];
      acc.push_back(static_cast<double>(correct) / static_cast<double>(len));
    }
  }
  return acc;
}

void write_log(const fs::path& path, const std::vector<ClassifierEpochRecord>& history) {
  std::ostringstream csv;
  csv << "epoch,train_loss,train_accuracy,val_accuracy,test_accuracy,nondigit_accuracy,seconds,best\n";
  char line[256];
  auto opt = [](double v) { return v < 0 ? std::string() : std::to_string(v); };
  for (const auto& r : history) {
    std::snprintf(line, sizeof line, "%d,%.6f,%.6f,%.6f,%s,%s,%.3f,%d\n", r.epoch + 1, r.train_loss, r.train_accuracy,
                  r.val_accuracy, opt(r.test_accuracy).c_str(), opt(r.nondigit_accuracy).c_str(), r.seconds,
                  r.best ? 1 : 0);
    csv << line;
  }
  write_text_atomically(path, csv.str());
}

}  // namespace

double mean_batch_accuracy(ClassifierNetwork& network, const ClassifierData& data, int64_t batch,
                           NondigitScale scale, int64_t limit) {
  const std::vector<double> acc = batch_accuracies(network, data, batch, scale, limit);
  if (acc.empty()) return 0.0;
  double s = 0;
  for (double a : acc) s += a;
  return s / static_cast<double>(acc.size());
}

double overall_accuracy(ClassifierNetwork& network, const ClassifierData& data, NondigitScale scale) {
  if (data.count() == 0) return -1;
  // With one batch per row the per-batch mean is the overall accuracy; use large batches instead and
  // weight them by size.
  const int64_t batch = 4096;
  const std::vector<double> acc = batch_accuracies(network, data, batch, scale, 0);
  double correct = 0;
  for (std::size_t i = 0; i < acc.size(); ++i) {
    const int64_t len = std::min<int64_t>(batch, data.count() - static_cast<int64_t>(i) * batch);
    correct += acc[i] * static_cast<double>(len);
  }
  return correct / static_cast<double>(data.count());
}

namespace {

// The checkpoint to start from: the one in `resume` (which must match this run's architecture, options
// but the epoch count, and training-set size), or a fresh model from the seed.
ClassifierCheckpoint starting_point(const ClassifierTrainingOptions& options, const fs::path& resume, int64_t n) {
  const ClassifierTrainConfig& config = options.config;
  ClassifierCheckpoint ck;
  if (!resume.empty()) {
    ck = load_classifier_checkpoint(resume);
    if (!(ck.arch == options.arch))
      fail_input(resume.string() + ": the checkpoint's architecture differs from this run's");
    nlohmann::json a = ck.config, b = config;
    a.erase("epochs");
    b.erase("epochs");
    if (a != b)
      fail_input(resume.string() + ": the checkpoint was made with other training options (" + a.dump() +
                 ") than this run's (" + b.dump() + "); only " + quote_option("epochs") + " may change on resume");
    if (ck.train_images != n)
      fail_input(resume.string() + ": the checkpoint was trained on " + std::to_string(ck.train_images) +
                 " images, this run has " + std::to_string(n));
  } else {
    ck.arch = options.arch;
    ck.config = config;
    ck.current = ClassifierModel::initialized(options.arch, config.seed);
    ck.best = ck.current;
    ck.train_images = n;
  }
  ck.config.epochs = config.epochs;
  if (!options.mnist.empty()) ck.mnist = options.mnist;
  return ck;
}

// One training run in progress: the network, the checkpoint it keeps up to date, and its files.
struct TrainingRun {
  const ClassifierTrainingData& data;
  const ClassifierTrainingOptions& options;
  ClassifierCheckpoint& ck;
  ClassifierNetwork& net;
  int64_t iters;  // full batches per epoch (drop_last)
  fs::path ckpt_path, log_path;

  void save_checkpoint() {
    ck.current = net.model();
    save_classifier_checkpoint(ckpt_path, ck, backend_name(options.backend));
    write_log(log_path, ck.history);
  }

  // Adds the statistics of the steps the network has finished, in step order. An asynchronous (CUDA)
  // network is asked only where they are shown or saved: once per epoch unless a progress line is drawn.
  void take_stats(int epoch) {
    for (const StepStats& s : net.take_step_stats()) {
      if (!std::isfinite(s.loss_sum)) fail("classifier training diverged (loss is not finite) at epoch " + std::to_string(epoch));
      ck.partial_loss_sum += s.loss_sum;
      ck.partial_correct += s.correct;
      ck.partial_rows += options.config.batch_size;
    }
  }

  // The SGD steps of `epoch` from ck.batches_done on, their statistics taken; false when interrupted
  // (state saved in ck).
  bool run_batches(int epoch) {
    const ClassifierTrainConfig& config = options.config;
    const int64_t B = config.batch_size;
    const int64_t n = data.train.count();
    std::vector<float> x(static_cast<std::size_t>(B * kResizeOutPixels));
    std::vector<uint8_t> labels(static_cast<std::size_t>(B));
    const bool show_progress = options.progress && stderr_is_terminal();
    const std::vector<int32_t> order =
        random_permutation(n, RandomStream{config.seed, RngPurpose::classifier_shuffle}, static_cast<uint32_t>(epoch), 0);
    ProgressLine progress("train-classifier epoch " + std::to_string(epoch + 1) + "/" + std::to_string(config.epochs),
                          iters, show_progress);
    bool completed = true;
    for (int64_t it = ck.batches_done; it < iters; ++it) {
      const int32_t* rows = order.data() + it * B;
      prepare_inputs(data.train, rows, B, config.nondigit_scale, x.data());
      for (int64_t r = 0; r < B; ++r) labels[static_cast<std::size_t>(r)] = data.train.labels[static_cast<std::size_t>(rows[r])];
      const auto iteration = static_cast<uint32_t>(static_cast<int64_t>(epoch) * iters + it);
      net.enqueue_train_step(x.data(), labels.data(), B, iteration);
      ck.batches_done = it + 1;
      const bool report = (it + 1) % 20 == 0 || it + 1 == iters;
      if (!net.asynchronous() || (report && show_progress)) take_stats(epoch);
      if (report && ck.partial_rows > 0) {
        char detail[96];
        std::snprintf(detail, sizeof detail, "loss %.4f  acc %.4f", ck.partial_loss_sum / static_cast<double>(ck.partial_rows),
                      static_cast<double>(ck.partial_correct) / static_cast<double>(ck.partial_rows));
        progress.update(it + 1, detail);
      }
      if (options.on_batch) options.on_batch(epoch, it);
      signal_point_for_tests("classifier-batch-" + std::to_string(it + 1));
      if (InterruptGuard::requested()) {
        completed = false;
        break;
      }
    }
    take_stats(epoch);  // everything enqueued this epoch, before the epoch record or the checkpoint
    return completed;
  }

  // After the last batch of `epoch`: the epoch's record (validation and, when asked, test accuracy),
  // the best model so far (strictly greater validation accuracy, §6.3), and the reset partial sums.
  ClassifierEpochRecord finish_epoch(int epoch) {
    const ClassifierTrainConfig& config = options.config;
    ClassifierEpochRecord rec;
    rec.epoch = epoch;
    rec.train_loss = ck.partial_loss_sum / static_cast<double>(ck.partial_rows);
    rec.train_accuracy = static_cast<double>(ck.partial_correct) / static_cast<double>(ck.partial_rows);
    rec.val_accuracy = mean_batch_accuracy(net, data.validation, config.batch_size, config.nondigit_scale);
    if (config.test_each_epoch) {
      rec.test_accuracy = overall_accuracy(net, data.test, config.nondigit_scale);
      rec.nondigit_accuracy = overall_accuracy(net, data.heldout_nondigits, config.nondigit_scale);
    }
    if (ck.best_epoch < 0 || rec.val_accuracy > ck.best_val_accuracy) {  // strictly greater (§6.3)
      rec.best = true;
      ck.best_epoch = epoch;
      ck.best_val_accuracy = rec.val_accuracy;
      ck.best = net.model();
    }
    rec.seconds = ck.partial_seconds;
    ck.history.push_back(rec);
    ck.epochs_done = epoch + 1;
    ck.batches_done = 0;
    ck.partial_loss_sum = 0;
    ck.partial_correct = 0;
    ck.partial_rows = 0;
    ck.partial_seconds = 0;
    return rec;
  }

  bool checkpoint_due(int epoch) const {
    return options.checkpoint_every > 0 && (epoch + 1) % options.checkpoint_every == 0;
  }
};

NetworkOptions training_network_options(const ClassifierTrainingOptions& options) {
  NetworkOptions o;
  o.seed = options.config.seed;
  o.lr = options.config.lr;
  o.max_batch = options.config.batch_size;
  o.cuda = options.cuda;
  return o;
}

// Scores the chosen model on the test set and the held-out non-digits, then writes it and the log.
void score_and_save_best(const ClassifierTrainingData& data, const ClassifierTrainingOptions& options,
                         const ClassifierCheckpoint& ck, ClassifierTrainingResult& result, const fs::path& log_path) {
  const ClassifierTrainConfig& config = options.config;
  auto eval = make_classifier_network(options.backend, ck.best, training_network_options(options));
  result.test_accuracy = overall_accuracy(*eval, data.test, config.nondigit_scale);
  result.nondigit_accuracy = overall_accuracy(*eval, data.heldout_nondigits, config.nondigit_scale);
  std::map<std::string, std::string> meta = {
      {"training_config", nlohmann::json(config).dump()},
      {"training_backend", backend_name(options.backend)},
      {"training_math", options.backend == Backend::cuda ? math_mode_name(options.cuda.math) : "fp32"},
      {"training_deterministic", options.cuda.deterministic ? "true" : "false"},
      {"training_images", std::to_string(data.train.count())},
      {"nondigit_scale", nondigit_scale_name(config.nondigit_scale)},
      {"epochs_trained", std::to_string(ck.epochs_done)},
      {"best_epoch", std::to_string(ck.best_epoch + 1)},  // 1-based, as in the log and on the console
      {"best_val_accuracy", std::to_string(ck.best_val_accuracy)},
      {"test_accuracy", std::to_string(result.test_accuracy)},
      {"nondigit_accuracy", std::to_string(result.nondigit_accuracy)},
      {"seed", std::to_string(config.seed)}};
  save_classifier(options.out, ck.best, meta);
  write_log(log_path, ck.history);
}

}  // namespace

ClassifierTrainingResult train_classifier(const ClassifierTrainingData& data, const ClassifierTrainingOptions& options,
                                          const fs::path& resume,
                                          const std::function<void(const ClassifierEpochRecord&)>& on_epoch) {
  const ClassifierTrainConfig& config = options.config;
  config.validate();
  options.arch.validate(quote_option("arch"));
  RBMDYN_CHECK(!options.out.empty(), "train_classifier needs an output path");
  const int64_t n = data.train.count();
  const int64_t B = config.batch_size;
  if (n < B) fail_input("the training set has " + std::to_string(n) + " images, fewer than one batch of " + std::to_string(B));

  ClassifierCheckpoint ck = starting_point(options, resume, n);
  auto net = make_classifier_network(options.backend, ck.current, training_network_options(options));
  const auto run_start = std::chrono::steady_clock::now();
  TrainingRun run{data, options, ck, *net, n / B, classifier_checkpoint_path(options.out),
                  classifier_log_path(options.out)};
  InterruptGuard interrupt;
  ClassifierTrainingResult result;
  result.engine = net->description();
  for (int epoch = ck.epochs_done; epoch < config.epochs; ++epoch) {
    const auto t0 = std::chrono::steady_clock::now();
    const bool completed = run.run_batches(epoch);
    ck.partial_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!completed) {
      run.save_checkpoint();
      result.interrupted = true;
      break;
    }
    const ClassifierEpochRecord rec = run.finish_epoch(epoch);
    if (on_epoch) on_epoch(rec);
    const bool last = epoch + 1 == config.epochs;
    if (last || run.checkpoint_due(epoch)) run.save_checkpoint();
    if (InterruptGuard::requested()) {
      if (!last && !run.checkpoint_due(epoch)) run.save_checkpoint();
      result.interrupted = true;
      break;
    }
  }

  result.history = ck.history;
  result.best_epoch = ck.best_epoch;
  result.best_val_accuracy = ck.best_val_accuracy;
  result.best = ck.best;
  if (!result.interrupted) score_and_save_best(data, options, ck, result, run.log_path);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start).count();
  return result;
}

}  // namespace rbmdyn
