// rbmdyn train-rbm: CD-1 training of a Bernoulli RBM on MNIST (docs/method.md §2), on the CPU or a GPU
// (host/rbm/training_job.hpp).
#include <cstdio>
#include <memory>
#include <string>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "host/core/error.hpp"
#include "host/rbm/training_job.hpp"

namespace rbmdyn::cli {
namespace {

void print_training_result(const RbmTrainingJobResult& r) {
  const RbmTrainingOptions& o = r.training;
  if (r.result.interrupted) {
    std::fprintf(stderr, "rbmdyn: interrupted after epoch %d; state saved to %s\n  resume with: rbmdyn train-rbm "
                 "--resume %s --out %s\n", r.result.state.epochs_done, checkpoint_path(o.out).c_str(),
                 checkpoint_path(o.out).c_str(), o.out.c_str());
    throw Interrupted("training interrupted (checkpoint saved)");
  }
  const EpochRecord* last = r.result.history.empty() ? nullptr : &r.result.history.back();
  std::printf("trained %d epochs on %lld images (%s) in %.1f s; final error_sum %.6g, rmse %.5f\n",
              r.result.state.epochs_done, static_cast<long long>(r.images), backend_name(o.backend), r.result.seconds,
              last ? last->error_sum : 0.0, last ? last->rmse : 0.0);
  std::printf("model: %s\nlog:   %s\n", o.out.c_str(), training_log_path(o.out).c_str());
}

// The CD-1 options, each bound to its Cd1Config field and recorded in `given`, so that a resumed run takes
// exactly the options given on the command line over the checkpoint's.
void add_cd1_options(CLI::App& cmd, Cd1Config& c, GivenOptions& given) {
  auto bind = [&](CLI::Option* opt, const char* key) { given.add(opt->capture_default_str(), {key}); };
  bind(cmd.add_option("--epochs", c.epochs, "Epochs"), "epochs");
  bind(cmd.add_option("--batch-size", c.batch_size, "Mini-batch size"), "batch_size");
  bind(cmd.add_option("--hidden", c.n_hidden, "Hidden units"), "n_hidden");
  bind(cmd.add_option("--lr-weights", c.lr_weights, "Learning rate for W"), "lr_weights");
  bind(cmd.add_option("--lr-visible-bias", c.lr_visible_bias, "Learning rate for b_v"), "lr_visible_bias");
  bind(cmd.add_option("--lr-hidden-bias", c.lr_hidden_bias, "Learning rate for b_h"), "lr_hidden_bias");
  bind(cmd.add_option("--weight-cost", c.weight_cost, "Weight decay λ on W (inside the learning-rate factor)"),
       "weight_cost");
  bind(cmd.add_option("--momentum-initial", c.momentum_initial, "Momentum before the switch epoch"),
       "momentum_initial");
  bind(cmd.add_option("--momentum-final", c.momentum_final, "Momentum from the switch epoch on"), "momentum_final");
  bind(cmd.add_option("--momentum-switch-epoch", c.momentum_switch_epoch,
                      "First 0-based epoch with the final momentum (6 = authors' code; 5 = paper text)"),
       "momentum_switch_epoch");
  bind(cmd.add_option("--init-std", c.init_std, "W initialised as init_std * N(0,1)"), "init_std");
  bind(add_seed_option(cmd, c.seed, "Seed of the shared random stream"), "seed");
  bind(cmd.add_flag("--shuffle", c.shuffle, "Reshuffle the batches every epoch (the study uses file order)"),
       "shuffle");
}

}  // namespace

void add_train_rbm_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("train-rbm", "Train the RBM with CD-1 (docs/method.md §2; paper values by default)");
  auto job = std::make_shared<RbmTrainingJob>();
  auto given = std::make_shared<GivenOptions>();
  auto lr_all = std::make_shared<float>(job->training.config.lr_weights);
  RbmTrainingOptions& t = job->training;
  cmd->add_option("--mnist", job->mnist, kMnistHelp);
  cmd->add_option("--out", t.out, "Output model file (.safetensors); the log and checkpoint go beside it")->required();
  add_device_option(*cmd, t.backend);
  cmd->add_option("--resume", job->resume, "Continue from a checkpoint (model.ckpt.safetensors); only --epochs "
                                           "may differ from the original options");
  cmd->add_option("--limit", job->limit, "Train on the first N training images only (0 = all 60000)")
      ->capture_default_str();
  cmd->add_option("--checkpoint-every", t.checkpoint_every, "Epochs between checkpoints (0 = at the end only)")
      ->capture_default_str();
  add_quiet_flag(*cmd, &t.progress, "progress line");
  // --lr sets all three rates; combined with one of the individual rates it is refused (no precedence).
  auto* lr = cmd->add_option("--lr", *lr_all, "Learning rate for W, b_v and b_h at once");
  given->add(lr, {"lr_weights", "lr_visible_bias", "lr_hidden_bias"});
  add_cd1_options(*cmd, t.config, *given);
  cmd->callback([job, given, lr, lr_all, cmd]() {
    for (const char* flag : {"--lr-weights", "--lr-visible-bias", "--lr-hidden-bias"})
      if (lr->count() > 0 && cmd->get_option(flag)->count() > 0)
        throw InputError(std::string("--lr sets all three learning rates and cannot be combined with ") + flag +
                         " (give --lr alone, or the three rates one by one)");
    if (lr->count() > 0) job->training.config.lr_weights = job->training.config.lr_visible_bias =
                             job->training.config.lr_hidden_bias = *lr_all;
    job->given = given->keys();
    print_training_result(run_rbm_training_job(*job));
  });
}

RBMDYN_REGISTER_COMMAND(20, add_train_rbm_command);

}  // namespace rbmdyn::cli
