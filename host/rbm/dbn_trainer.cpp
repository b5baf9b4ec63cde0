#include "host/rbm/dbn_trainer.hpp"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "host/core/error.hpp"
#include "host/io/atomic_file.hpp"
#include "host/rbm/dbn_layer.hpp"
#include "host/util/interrupt.hpp"
#include "host/util/progress.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void write_layer_logs(const fs::path& out, int depth, const std::vector<DbnEpochRecord>& history) {
  for (int l = 1; l <= depth; ++l) {
    std::ostringstream csv;
    csv << "epoch,momentum,mse,seconds\n";
    char line[160];
    for (const DbnEpochRecord& r : history)
      if (r.layer == l) {
        std::snprintf(line, sizeof line, "%d,%.3g,%.9g,%.4f\n", r.epoch, static_cast<double>(r.momentum), r.mse, r.seconds);
        csv << line;
      }
    write_text_atomically(dbn_layer_log_path(out, l), csv.str());
  }
}

void check_resume(const DbnConfig& wanted, const DbnCheckpoint& start, int64_t n_samples) {
  if (start.n_samples != n_samples)
    fail_input("the checkpoint was trained on " + std::to_string(start.n_samples) + " images, this run has " +
               std::to_string(n_samples));
  nlohmann::json a = wanted, b = start.config;
  a["cd1"].erase("epochs");
  b["cd1"].erase("epochs");
  if (a != b)
    fail_input("the checkpoint was made with other training options (" + b.dump() + ") than this run's (" + a.dump() +
               "); only " + quote_option("epochs") + " may change on resume");
}

// The loop over a checkpoint's state. Inputs: X_1 = data; X_{l+1} = the probabilities layer l passed up.
class DbnTrainer {
 public:
  DbnTrainer(const float* data, const DbnTrainingOptions& o, DbnCheckpoint& ck)
      : o_(o), ck_(ck), L_(o.config.depth()), nb_(ck.n_samples / o.config.cd1.batch_size),
        progress_("train-dbn", L_ * o.config.cd1.epochs, o.progress && stderr_is_terminal()),
        layers_(make_dbn_layers(o.backend, o.config, ck.layers, data, ck.n_samples)) {}

  // Returns true when interrupted. The checkpoint's layers hold the trained state afterwards.
  bool run() {
    const bool stopped = o_.config.algorithm == DbnAlgorithm::greedy ? run_greedy() : run_iterative();
    layers_->store(ck_.layers);
    return stopped;
  }

 private:
  bool run_iterative() {
    for (int l = 2; l <= L_; ++l)
      if (layer(l).epochs_done != layer(1).epochs_done)
        fail_input("an iterative checkpoint must have the same epochs done in every layer");
    for (int e = ck_.layers[0].epochs_done; e < o_.config.cd1.epochs; ++e) {
      if (o_.config.idbn_schedule == IdbnSchedule::epoch)
        for (int l = 1; l <= L_; ++l) {
          const auto t0 = std::chrono::steady_clock::now();
          const std::vector<int32_t> order = dbn_batch_order(o_.config.cd1.seed, nb_, e, l, o_.config.batch_shuffle);
          const double sse = layers_->train(l, order.data(), nb_, e, l < L_ ? PassUp::before_update : PassUp::none);
          record(l, e, sse, seconds_since(t0));
        }
      else
        run_minibatch_epoch(e);
      if (after_epoch(e + 1 == o_.config.cd1.epochs, e + 1)) return true;
    }
    return false;
  }

  int64_t size(int l) const { return o_.config.sizes[static_cast<std::size_t>(l)]; }
  Cd1State& layer(int l) { return ck_.layers[static_cast<std::size_t>(l - 1)]; }

  // Every layer on one mini-batch before the next (batch order of layer 1).
  void run_minibatch_epoch(int e) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::vector<int32_t> order = dbn_batch_order(o_.config.cd1.seed, nb_, e, 1, o_.config.batch_shuffle);
    std::vector<double> sse(static_cast<std::size_t>(L_ + 1), 0.0);
    for (int64_t k = 0; k < nb_; ++k)
      for (int l = 1; l <= L_; ++l)
        sse[static_cast<std::size_t>(l)] +=
            layers_->train(l, order.data() + k, 1, e, l < L_ ? PassUp::before_update : PassUp::none);
    const double secs = seconds_since(t0) / L_;
    for (int l = 1; l <= L_; ++l) record(l, e, sse[static_cast<std::size_t>(l)], secs);
  }

  bool run_greedy() {
    int first = 1;
    while (first < L_ && layer(first).epochs_done >= o_.config.cd1.epochs) ++first;
    if (first > 1) {
      if (ck_.input.size() != static_cast<std::size_t>(ck_.n_samples * size(first - 1)))
        fail_input("the checkpoint lacks the input of layer " + std::to_string(first) + " (tensor 'input' [" +
                   std::to_string(ck_.n_samples) + ", " + std::to_string(size(first - 1)) + "])");
      layers_->set_input(first, ck_.input);
    }
    const int E = o_.config.cd1.epochs;
    for (int l = first; l <= L_; ++l) {
      for (int e = layer(l).epochs_done; e < E; ++e) {
        const auto t0 = std::chrono::steady_clock::now();
        const std::vector<int32_t> order = dbn_batch_order(o_.config.cd1.seed, nb_, e, l, o_.config.batch_shuffle);
        const PassUp pass = l < L_ && e + 1 == E ? PassUp::after_update : PassUp::none;
        const double sse = layers_->train(l, order.data(), nb_, e, pass);
        record(l, e, sse, seconds_since(t0));
        const bool layer_done = e + 1 == E;
        if (layer_done && l < L_) ck_.input = layers_->input(l + 1);  // the next layer's input
        if (after_epoch(layer_done && l == L_, e + 1)) return true;
      }
    }
    return false;
  }

  void record(int l, int e, double sse, double secs) {
    Cd1State& s = layer(l);
    s.epochs_done = e + 1;
    const double values = static_cast<double>(nb_) * o_.config.cd1.batch_size * static_cast<double>(s.rbm.n_visible);
    const DbnEpochRecord r{l, e, o_.config.cd1.momentum_for_epoch(e), sse / values, secs};
    ck_.history.push_back(r);
    if (on_epoch) on_epoch(r);
    char detail[96];
    std::snprintf(detail, sizeof detail, "layer %d epoch %d  mse %.5f", l, e, r.mse);
    progress_.update(static_cast<int64_t>(ck_.history.size()), detail);
  }

  // Checkpoint when due; true when interrupted (after saving).
  bool after_epoch(bool last, int epochs_done) {
    const bool stop = InterruptGuard::requested();
    if (stop || last || (o_.checkpoint_every > 0 && epochs_done % o_.checkpoint_every == 0)) {
      layers_->store(ck_.layers);
      save_dbn_checkpoint(dbn_checkpoint_path(o_.out), ck_);
      write_layer_logs(o_.out, L_, ck_.history);
    }
    return stop;
  }

  const DbnTrainingOptions& o_;
  DbnCheckpoint& ck_;
  int L_;
  int64_t nb_;
  ProgressLine progress_;
  std::unique_ptr<DbnLayers> layers_;  // the RBMs' states and X_2 … X_L, in the backend's memory

 public:
  std::function<void(const DbnEpochRecord&)> on_epoch;
};

}  // namespace

DbnTrainingResult train_dbn(const float* data, int64_t n_images, const DbnTrainingOptions& options, DbnCheckpoint start,
                            const std::function<void(const DbnEpochRecord&)>& on_epoch) {
  const DbnConfig& config = options.config;
  config.validate();
  const int64_t n = dbn_training_samples(n_images, config.cd1.batch_size);
  if (n == 0)
    fail_input(quote_option("batch_size") + " " + std::to_string(config.cd1.batch_size) + " exceeds the " +
               std::to_string(n_images) + " training images");
  check_resume(config, start, n);
  const auto t0 = std::chrono::steady_clock::now();
  InterruptGuard interrupt;
  DbnTrainer trainer(data, options, start);
  trainer.on_epoch = on_epoch;
  DbnTrainingResult result;
  result.interrupted = trainer.run();
  result.stack = start.stack();
  result.history = start.history;
  result.n_samples = n;
  if (!result.interrupted) {
    nlohmann::json cfg = config;
    std::map<std::string, std::string> meta = {{"algorithm", dbn_algorithm_name(config.algorithm)},
                                               {"idbn_schedule", idbn_schedule_name(config.idbn_schedule)},
                                               {"epochs_trained", std::to_string(config.cd1.epochs)},
                                               {"seed", std::to_string(config.cd1.seed)},
                                               {"training_config", cfg.dump()},
                                               {"training_backend", backend_name(options.backend)},
                                               {"training_samples", std::to_string(n)}};
    for (const DbnEpochRecord& r : result.history) meta["final_mse_L" + std::to_string(r.layer)] = std::to_string(r.mse);
    save_rbm_stack(options.out, result.stack, meta);
    write_layer_logs(options.out, config.depth(), result.history);
  }
  result.seconds = seconds_since(t0);
  return result;
}

}  // namespace rbmdyn
