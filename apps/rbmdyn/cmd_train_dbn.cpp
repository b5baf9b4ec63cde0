// rbmdyn train-dbn: a deep model (gDBN or iDBN) on MNIST on the CPU or the GPU (dbn.md §3; the authors'
// values by default).
#include <cmath>
#include <cstdio>
#include <memory>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "host/core/error.hpp"
#include "host/rbm/dbn_training_job.hpp"

namespace rbmdyn::cli {
namespace {

void add_train_dbn_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("train-dbn", "Train a deep belief network, greedy or iterative (dbn.md §3)");
  auto job = std::make_shared<DbnTrainingJob>();
  DbnTrainingOptions& t = job->training;
  DbnConfig& c = t.config;
  cmd->add_option("--mnist", job->mnist, "MNIST folder (default: $RBMDYN_MNIST)");
  cmd->add_option("--out", t.out, "Output model file (.safetensors); logs and checkpoint go beside it")->required();
  add_parsed(*cmd, "--sizes", c.sizes, [](const std::string& s, const std::string& n) { return parse_stack_sizes(s, n); },
             "Layer sizes, visible first", "784-500-500-1000");
  add_parsed(*cmd, "--algorithm", c.algorithm, [](const std::string& s, const std::string& n) { return parse_dbn_algorithm(s, n); },
             "iterative (iDBN) or greedy (gDBN)", "iterative");
  add_parsed(*cmd, "--idbn-schedule", c.idbn_schedule,
             [](const std::string& s, const std::string& n) { return parse_idbn_schedule(s, n); },
             "epoch (the authors' code) or minibatch (ablation)", "epoch");
  add_parsed(*cmd, "--negative-visible", c.cd1.negative_visible,
             [](const std::string& s, const std::string& n) { return parse_negative_visible(s, n); },
             "CD-1 negative visible: sampled (dbn.md) or mean_field (the RBM study)", "sampled");
  cmd->add_option("--epochs", c.cd1.epochs, "Epochs per layer")->capture_default_str();
  cmd->add_option("--batch-size", c.cd1.batch_size, "Mini-batch size")->capture_default_str();
  cmd->add_option_function<float>(
         "--lr",
         [&c](float lr) {
           if (!std::isfinite(lr) || lr < 0) fail_input(quote_option("lr") + " " + std::to_string(lr) + ": must be finite and >= 0");
           c.cd1.lr_weights = c.cd1.lr_visible_bias = c.cd1.lr_hidden_bias = lr;
         },
         "Learning rate for W, b_v and b_h (dbn.md §0: 0.01)");
  add_device_option(*cmd, t.backend);
  cmd->add_option("--seed", c.cd1.seed, "Seed of the shared random stream")->capture_default_str();
  cmd->add_flag("--no-batch-shuffle{false}", c.batch_shuffle, "Keep the batches in file order every epoch");
  cmd->add_option("--resume", job->resume, "Continue from a checkpoint; only --epochs may differ");
  cmd->add_option("--limit", job->limit, "Train on the first N training images only (0 = all)")->capture_default_str();
  cmd->add_option("--checkpoint-every", t.checkpoint_every, "Epochs between checkpoints (0 = at the end only)")
      ->capture_default_str();
  cmd->add_flag("--quiet{false}", t.progress, "No progress line");
  cmd->callback([job]() {
    const DbnTrainingJobResult r = run_dbn_training_job(*job);
    if (r.result.interrupted) {
      std::fprintf(stderr, "rbmdyn: interrupted; state saved to %s\n", dbn_checkpoint_path(r.training.out).c_str());
      throw Error("training interrupted (checkpoint saved)");
    }
    std::printf("trained %s %s on %lld images on %s in %.1f s\nmodel: %s\n",
                dbn_algorithm_name(r.training.config.algorithm), stack_sizes_name(r.result.stack.sizes()).c_str(),
                static_cast<long long>(r.result.n_samples), backend_name(r.training.backend), r.result.seconds,
                r.training.out.c_str());
    for (const DbnEpochRecord& e : r.result.history)
      if (e.epoch + 1 == r.training.config.cd1.epochs) std::printf("layer %d: final mse %.6f\n", e.layer, e.mse);
  });
}

RBMDYN_REGISTER_COMMAND(25, add_train_dbn_command);

}  // namespace
}  // namespace rbmdyn::cli
