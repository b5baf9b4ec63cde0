// rbmdyn train-rbm: CD-1 training of a Bernoulli RBM on MNIST (method.md §2), on the CPU or a GPU.
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "apps/rbmdyn/commands.hpp"
#include "host/core/error.hpp"
#include "host/data/mnist.hpp"
#include "host/rbm/rbm_trainer.hpp"

namespace rbmdyn::cli {
namespace {

struct TrainRbmArgs {
  std::optional<std::string> mnist;
  std::string out;
  std::string device = "cpu";
  std::optional<std::string> resume;
  int64_t limit = 0;
  int checkpoint_every = 10;
  bool quiet = false;
  Cd1Config config;
  float lr_all = 0.1f;
  // Options given on the command line, applied on top of a checkpoint's config when resuming.
  // The functions hold a plain pointer to these args (they live inside them): a shared_ptr would
  // be a cycle, leaked at exit (LeakSanitizer).
  std::vector<std::pair<CLI::Option*, std::function<void(Cd1Config&)>>> hyper;
};

void run(TrainRbmArgs& args, CLI::Option* lr_all_opt) {
  // Options and checkpoint first, so that a bad option fails before the data are read.
  RbmTrainingOptions options;
  options.backend = parse_backend(args.device);
  options.out = args.out;
  options.checkpoint_every = args.checkpoint_every;
  options.progress = !args.quiet;
  if (args.checkpoint_every < 0) fail_input("--checkpoint-every " + std::to_string(args.checkpoint_every) + ": must be >= 0");
  if (lr_all_opt->count() > 0)
    args.config.lr_weights = args.config.lr_visible_bias = args.config.lr_hidden_bias = args.lr_all;
  std::optional<RbmCheckpoint> resumed;
  if (args.resume) {
    resumed = load_checkpoint(*args.resume);
    options.config = resumed->config;
    for (auto& [opt, apply] : args.hyper)
      if (opt->count() > 0) apply(options.config);
    if (lr_all_opt->count() > 0)
      options.config.lr_weights = options.config.lr_visible_bias = options.config.lr_hidden_bias = args.lr_all;
  } else {
    options.config = args.config;
  }
  options.config.validate();
  require_backend_available(options.backend);

  const auto dir = resolve_mnist_dir(args.mnist);
  MnistSet train = load_mnist(dir, "train");
  if (train.images.status != ChecksumStatus::official)
    std::fprintf(stderr, "rbmdyn: warning: %s is not the official MNIST copy (sha256 differs)\n",
                 train.images.path.c_str());
  if (args.limit < 0 || args.limit > train.split.count())
    fail_input("--limit " + std::to_string(args.limit) + ": must be in 0.." + std::to_string(train.split.count()));
  const int64_t n = args.limit > 0 ? args.limit : train.split.count();
  const std::vector<float> data = train.split.to_unit_float(0, n);

  RbmCheckpoint start;
  if (resumed) {
    start = std::move(*resumed);
    std::fprintf(stderr, "rbmdyn: resuming %s after epoch %d of %d\n", args.resume->c_str(), start.state.epochs_done,
                 options.config.epochs);
  } else {
    start = fresh_checkpoint(options.config, kMnistPixels, n);
  }

  const RbmTrainingResult result = train_rbm(data.data(), n, options, std::move(start));
  if (result.interrupted) {
    std::fprintf(stderr, "rbmdyn: interrupted after epoch %d; state saved to %s\n  resume with: rbmdyn train-rbm "
                 "--resume %s --out %s\n", result.state.epochs_done, checkpoint_path(options.out).c_str(),
                 checkpoint_path(options.out).c_str(), options.out.c_str());
    throw Error("training interrupted (checkpoint saved)");
  }
  const EpochRecord* last = result.history.empty() ? nullptr : &result.history.back();
  std::printf("trained %d epochs on %lld images (%s) in %.1f s; final error_sum %.6g, rmse %.5f\n",
              result.state.epochs_done, static_cast<long long>(n), backend_name(options.backend), result.seconds,
              last ? last->error_sum : 0.0, last ? last->rmse : 0.0);
  std::printf("model: %s\nlog:   %s\n", options.out.c_str(), training_log_path(options.out).c_str());
}

}  // namespace

void add_train_rbm_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("train-rbm", "Train the RBM with CD-1 (method.md §2; paper values by default)");
  auto args = std::make_shared<TrainRbmArgs>();
  Cd1Config& c = args->config;
  cmd->add_option("--mnist", args->mnist, "MNIST folder (default: $RBMDYN_MNIST)");
  cmd->add_option("--out", args->out, "Output model file (.safetensors); the log and checkpoint go beside it")
      ->required();
  cmd->add_option("--device", args->device, "cpu or cuda")->capture_default_str();
  cmd->add_option("--resume", args->resume, "Continue from a checkpoint (model.ckpt.safetensors); only --epochs "
                                            "may differ from the original options");
  cmd->add_option("--limit", args->limit, "Train on the first N training images only (0 = all 60000)")
      ->capture_default_str();
  cmd->add_option("--checkpoint-every", args->checkpoint_every, "Epochs between checkpoints (0 = at the end only)")
      ->capture_default_str();
  cmd->add_flag("--quiet", args->quiet, "No progress line");
  auto* lr_all = cmd->add_option("--lr", args->lr_all, "Learning rate for W, b_v and b_h at once");

  auto hyper = [&](CLI::Option* opt, std::function<void(Cd1Config&)> apply) {
    opt->capture_default_str();
    args->hyper.emplace_back(opt, std::move(apply));
  };
  hyper(cmd->add_option("--epochs", c.epochs, "Epochs"), [a = args.get()](Cd1Config& k) { k.epochs = a->config.epochs; });
  hyper(cmd->add_option("--batch-size", c.batch_size, "Mini-batch size"),
        [a = args.get()](Cd1Config& k) { k.batch_size = a->config.batch_size; });
  hyper(cmd->add_option("--hidden", c.n_hidden, "Hidden units"),
        [a = args.get()](Cd1Config& k) { k.n_hidden = a->config.n_hidden; });
  hyper(cmd->add_option("--lr-weights", c.lr_weights, "Learning rate for W"),
        [a = args.get()](Cd1Config& k) { k.lr_weights = a->config.lr_weights; });
  hyper(cmd->add_option("--lr-visible-bias", c.lr_visible_bias, "Learning rate for b_v"),
        [a = args.get()](Cd1Config& k) { k.lr_visible_bias = a->config.lr_visible_bias; });
  hyper(cmd->add_option("--lr-hidden-bias", c.lr_hidden_bias, "Learning rate for b_h"),
        [a = args.get()](Cd1Config& k) { k.lr_hidden_bias = a->config.lr_hidden_bias; });
  hyper(cmd->add_option("--weight-cost", c.weight_cost, "Weight decay λ on W (inside the learning-rate factor)"),
        [a = args.get()](Cd1Config& k) { k.weight_cost = a->config.weight_cost; });
  hyper(cmd->add_option("--momentum-initial", c.momentum_initial, "Momentum before the switch epoch"),
        [a = args.get()](Cd1Config& k) { k.momentum_initial = a->config.momentum_initial; });
  hyper(cmd->add_option("--momentum-final", c.momentum_final, "Momentum from the switch epoch on"),
        [a = args.get()](Cd1Config& k) { k.momentum_final = a->config.momentum_final; });
  hyper(cmd->add_option("--momentum-switch-epoch", c.momentum_switch_epoch,
                        "First 0-based epoch with the final momentum (6 = authors' code; 5 = paper text)"),
        [a = args.get()](Cd1Config& k) { k.momentum_switch_epoch = a->config.momentum_switch_epoch; });
  hyper(cmd->add_option("--init-std", c.init_std, "W initialised as init_std * N(0,1)"),
        [a = args.get()](Cd1Config& k) { k.init_std = a->config.init_std; });
  hyper(cmd->add_option("--seed", c.seed, "Seed of the shared random stream"),
        [a = args.get()](Cd1Config& k) { k.seed = a->config.seed; });
  hyper(cmd->add_flag("--shuffle", c.shuffle, "Reshuffle the batches every epoch (the study uses file order)"),
        [a = args.get()](Cd1Config& k) { k.shuffle = a->config.shuffle; });
  cmd->callback([args, lr_all]() { run(*args, lr_all); });
}

RBMDYN_REGISTER_COMMAND(20, add_train_rbm_command);

}  // namespace rbmdyn::cli
