// rbmdyn train-classifier: the 11-class digit classifier (method.md §6), on the CPU or a GPU.
#include <cstdio>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "apps/rbmdyn/commands.hpp"
#include "host/classifier/checkpoint.hpp"
#include "host/classifier/trainer.hpp"
#include "host/core/error.hpp"
#include "host/data/mnist.hpp"
#include "host/io/atomic_file.hpp"
#include "host/util/run_info.hpp"

namespace rbmdyn::cli {
namespace {

struct TrainClassifierArgs {
  std::optional<std::string> mnist;
  std::string out;
  std::string device = "cpu";
  std::string arch = "paper";
  std::string math = "tf32";
  bool deterministic = false;
  std::optional<std::string> resume;
  int checkpoint_every = 1;
  bool quiet = false;
  ClassifierTrainConfig config;  // values given on the command line
  // Options given explicitly, applied over the architecture's defaults (or the checkpoint's config).
  // The functions hold a plain pointer to these args (they live inside them): a shared_ptr would
  // be a cycle, leaked at exit (LeakSanitizer).
  std::vector<std::pair<CLI::Option*, std::function<void(ClassifierTrainConfig&)>>> given;
};

void run(TrainClassifierArgs& args) {
  ClassifierTrainingOptions options;
  options.backend = parse_backend(args.device);
  options.math = parse_math_mode(args.math);
  options.deterministic = args.deterministic;
  if (options.deterministic) options.math = MathMode::fp32;
  options.out = args.out;
  options.checkpoint_every = args.checkpoint_every;
  options.progress = !args.quiet;
  if (args.resume) {
    const ClassifierCheckpoint ck = load_classifier_checkpoint(*args.resume);
    options.arch = ck.arch;
    options.config = ck.config;
    std::fprintf(stderr, "rbmdyn: resuming %s after epoch %d (+%lld batches)\n", args.resume->c_str(),
                 ck.epochs_done, static_cast<long long>(ck.batches_done));
  } else {
    options.arch = ClassifierArch::named(args.arch);
    options.config = ClassifierTrainConfig::for_arch(options.arch.name);
  }
  for (auto& [opt, apply] : args.given)
    if (opt->count() > 0) apply(options.config);
  options.config.validate();
  require_backend_available(options.backend);

  const auto dir = resolve_mnist_dir(args.mnist);
  const MnistSet train = load_mnist(dir, "train");
  const MnistSet test = load_mnist(dir, "test");
  const ClassifierTrainingData data = build_training_data(train.split, &test.split, options.config);
  std::fprintf(stderr, "rbmdyn: classifier '%s' on %s: %lld training images (%lld non-digits), %lld validation\n",
               options.arch.name.c_str(), backend_name(options.backend), static_cast<long long>(data.train.count()),
               static_cast<long long>(11 * options.config.nondigits_per_type),
               static_cast<long long>(data.validation.count()));

  auto on_epoch = [&](const ClassifierEpochRecord& r) {
    if (args.quiet) return;
    std::fprintf(stderr, "epoch %d: loss %.4f train %.4f val %.4f%s%s (%.1f s)%s\n", r.epoch + 1, r.train_loss,
                 r.train_accuracy, r.val_accuracy,
                 r.test_accuracy >= 0 ? (" test " + std::to_string(r.test_accuracy)).c_str() : "",
                 r.nondigit_accuracy >= 0 ? (" non-digit " + std::to_string(r.nondigit_accuracy)).c_str() : "",
                 r.seconds, r.best ? "  *best" : "");
  };
  const ClassifierTrainingResult result =
      train_classifier(data, options, args.resume ? std::filesystem::path(*args.resume) : std::filesystem::path(),
                       on_epoch);
  if (result.interrupted) {
    const auto ck = classifier_checkpoint_path(options.out);
    std::fprintf(stderr, "rbmdyn: interrupted; state saved to %s\n  resume with: rbmdyn train-classifier --resume %s "
                 "--out %s\n", ck.c_str(), ck.c_str(), options.out.c_str());
    throw Error("training interrupted (checkpoint saved)");
  }
  // The fully resolved run record beside the model.
  std::filesystem::path run_json = options.out;
  run_json.replace_extension();
  run_json += ".run.json";
  const nlohmann::json record = {{"command", "train-classifier"},
                                 {"arch", options.arch},
                                 {"training_config", options.config},
                                 {"device", backend_name(options.backend)},
                                 {"math", options.backend == Backend::cuda ? math_mode_name(options.math) : "fp32"},
                                 {"deterministic", options.deterministic},
                                 {"engine", result.engine},
                                 {"mnist", dir.string()},
                                 {"seconds", result.seconds},
                                 {"best_epoch", result.best_epoch},
                                 {"best_val_accuracy", result.best_val_accuracy},
                                 {"test_accuracy", result.test_accuracy},
                                 {"nondigit_accuracy", result.nondigit_accuracy},
                                 {"environment", run_environment()}};
  write_text_atomically(run_json, record.dump(2) + "\n");
  std::printf("trained '%s' for %zu epochs in %.1f s on %s\n", options.arch.name.c_str(), result.history.size(),
              result.seconds, result.engine.c_str());
  std::printf("best epoch %d: validation %.4f, test %.4f, held-out non-digits %.4f\n", result.best_epoch + 1,
              result.best_val_accuracy, result.test_accuracy, result.nondigit_accuracy);
  std::printf("model: %s\nlog:   %s\nrun:   %s\n", options.out.c_str(), classifier_log_path(options.out).c_str(),
              run_json.c_str());
}

}  // namespace

void add_train_classifier_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "train-classifier",
      "Train the 11-class digit classifier (method.md §6). --arch paper uses the paper's values by default; "
      "--arch small is a CPU-sized variant with its own defaults (3 epochs, lr 0.3, 1500 non-digits per type)");
  auto args = std::make_shared<TrainClassifierArgs>();
  ClassifierTrainConfig& c = args->config;
  cmd->add_option("--mnist", args->mnist, "MNIST folder (default: $RBMDYN_MNIST)");
  cmd->add_option("--out", args->out, "Output classifier file (.safetensors); the log and checkpoint go beside it")
      ->required();
  cmd->add_option("--device", args->device, "cpu or cuda")->capture_default_str();
  cmd->add_option("--arch", args->arch, "Architecture: paper (§6.1) or small (CPU variant)")->capture_default_str();
  cmd->add_option("--math", args->math, "CUDA arithmetic: tf32 (tensor cores) or fp32")->capture_default_str();
  cmd->add_flag("--deterministic", args->deterministic,
                "CUDA: fp32 and deterministic cuDNN algorithms only (the CPU is always deterministic)");
  cmd->add_option("--resume", args->resume, "Continue from a checkpoint (<out>.ckpt.safetensors); only --epochs may "
                                            "differ from the original options");
  cmd->add_option("--checkpoint-every", args->checkpoint_every, "Epochs between checkpoints (0 = at the end only)")
      ->capture_default_str();
  cmd->add_flag("--quiet", args->quiet, "No progress line or per-epoch lines");
  auto given = [&](CLI::Option* opt, std::function<void(ClassifierTrainConfig&)> apply) {
    args->given.emplace_back(opt, std::move(apply));
  };
  given(cmd->add_option("--epochs", c.epochs, "Epochs (paper 20; small 3)"),
        [a = args.get()](ClassifierTrainConfig& k) { k.epochs = a->config.epochs; });
  given(cmd->add_option("--lr", c.lr, "SGD learning rate (paper 0.01; small 0.3)"),
        [a = args.get()](ClassifierTrainConfig& k) { k.lr = a->config.lr; });
  given(cmd->add_option("--batch-size", c.batch_size, "Mini-batch size (paper 64)"),
        [a = args.get()](ClassifierTrainConfig& k) { k.batch_size = a->config.batch_size; });
  given(cmd->add_option("--seed", c.seed, "Seed of the split, non-digits, init, shuffling and dropout"),
        [a = args.get()](ClassifierTrainConfig& k) { k.seed = a->config.seed; });
  given(cmd->add_option("--train-limit", c.train_limit, "Use only the first N of the 54000 training digits (0 = all)"),
        [a = args.get()](ClassifierTrainConfig& k) { k.train_limit = a->config.train_limit; });
  given(cmd->add_option("--nondigits-per-type", c.nondigits_per_type,
                        "Synthetic non-digits per type, 11 types (paper 5400; small 1500)"),
        [a = args.get()](ClassifierTrainConfig& k) { k.nondigits_per_type = a->config.nondigits_per_type; });
  given(cmd->add_option("--validation-size", c.validation_size, "Training images held out for validation (paper 6000)"),
        [a = args.get()](ClassifierTrainConfig& k) { k.validation_size = a->config.validation_size; });
  given(cmd->add_option("--validation-limit", c.validation_limit,
                        "Validate on the first N held-out digits only (0 = all)"),
        [a = args.get()](ClassifierTrainConfig& k) { k.validation_limit = a->config.validation_limit; });
  given(cmd->add_flag("--nondigit-scale-255", c.nondigit_scale_255,
                      "Non-digits in 0..255 as in the study's code (§10 row 19 ablation); default [0, 1]"),
        [a = args.get()](ClassifierTrainConfig& k) { k.nondigit_scale_255 = a->config.nondigit_scale_255; });
  given(cmd->add_option("--test-each-epoch", c.test_each_epoch,
                        "Score the MNIST test set and held-out non-digits after every epoch (true/false)"),
        [a = args.get()](ClassifierTrainConfig& k) { k.test_each_epoch = a->config.test_each_epoch; });
  cmd->callback([args]() { run(*args); });
}

RBMDYN_REGISTER_COMMAND(60, add_train_classifier_command);

}  // namespace rbmdyn::cli
