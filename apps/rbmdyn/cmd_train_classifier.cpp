// rbmdyn train-classifier: the 11-class digit classifier (docs/method.md §6), on the CPU or a GPU
// (host/classifier/training_job.hpp).
#include <cstdio>
#include <memory>
#include <string>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "host/core/error.hpp"
#include "host/classifier/training_job.hpp"

namespace rbmdyn::cli {
namespace {

void print_training_result(const ClassifierTrainingJobResult& j) {
  const ClassifierTrainingOptions& o = j.training;
  const ClassifierTrainingResult& result = j.result;
  if (result.interrupted) {
    const auto ck = classifier_checkpoint_path(o.out);
    std::fprintf(stderr, "rbmdyn: interrupted; state saved to %s\n  resume with: rbmdyn train-classifier --resume %s "
                 "--out %s\n", ck.c_str(), ck.c_str(), o.out.c_str());
    throw Interrupted("training interrupted (checkpoint saved)");
  }
  std::printf("trained '%s' for %zu epochs in %.1f s on %s\n", o.arch.name.c_str(), result.history.size(),
              result.seconds, result.engine.c_str());
  std::printf("best epoch %d: validation %.4f, test %.4f, held-out non-digits %.4f\n", result.best_epoch + 1,
              result.best_val_accuracy, result.test_accuracy, result.nondigit_accuracy);
  std::printf("model: %s\nlog:   %s\nrun:   %s\n", o.out.c_str(), classifier_log_path(o.out).c_str(),
              j.run_record.c_str());
}

// The training options, each bound to its ClassifierTrainConfig field and recorded in `given`: only those
// given go over the architecture's recipe (or the checkpoint's config).
void add_config_options(CLI::App& cmd, ClassifierTrainConfig& c, GivenOptions& given) {
  auto bind = [&](CLI::Option* opt, const char* key) { given.add(opt, {key}); };
  bind(cmd.add_option("--epochs", c.epochs, "Epochs (paper 20; small 6)"), "epochs");
  bind(cmd.add_option("--lr", c.lr, "SGD learning rate (paper 0.01; small 0.05)"), "lr");
  bind(cmd.add_option("--batch-size", c.batch_size, "Mini-batch size (paper 64)"), "batch_size");
  bind(add_seed_option(cmd, c.seed, "Seed of the split, non-digits, init, shuffling and dropout"), "seed");
  bind(cmd.add_option("--limit", c.train_limit, "Use only the first N of the 54000 training digits (0 = all)"),
       "train_limit");
  bind(cmd.add_option("--train-limit", c.train_limit, "Old spelling of --limit")->group(""), "train_limit");  // hidden
  bind(cmd.add_option("--nondigits-per-type", c.nondigits_per_type,
                      "Synthetic non-digits per type, 11 types (paper 5400; small 1500)"),
       "nondigits_per_type");
  bind(cmd.add_option("--validation-size", c.validation_size, "Training images held out for validation (paper 6000)"),
       "validation_size");
  bind(cmd.add_option("--validation-limit", c.validation_limit,
                      "Validate on the first N held-out digits only (0 = all)"),
       "validation_limit");
  bind(add_parsed(cmd, "--nondigit-scale", c.nondigit_scale, parse_nondigit_scale,
                  "Non-digit pixel scale: 255 (the authors' code, which produced the paper's numbers) or unit "
                  "(÷255 like the digits, the corrected variant; docs/method.md §10 row 19)",
                  nondigit_scale_name(c.nondigit_scale)),
       "nondigit_scale");
  bind(cmd.add_option("--test-each-epoch", c.test_each_epoch,
                      "Score the MNIST test set and held-out non-digits after every epoch (true/false)"),
       "test_each_epoch");
}

}  // namespace

void add_train_classifier_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "train-classifier",
      "Train the 11-class digit classifier (docs/method.md §6). --arch paper uses the paper's values by default; "
      "--arch small is a CPU-sized variant with its own defaults (6 epochs, lr 0.05, 1500 non-digits per type)");
  auto job = std::make_shared<ClassifierTrainingJob>();
  auto given = std::make_shared<GivenOptions>();
  ClassifierTrainingOptions& t = job->training;
  cmd->add_option("--mnist", job->mnist, kMnistHelp);
  cmd->add_option("--out", t.out, "Output classifier file (.safetensors); the log and checkpoint go beside it")
      ->required();
  add_device_option(*cmd, t.backend);
  cmd->add_option("--arch", job->arch, "Architecture: paper (docs/method.md §6.1) or small (CPU variant)")
      ->capture_default_str();
  add_cuda_math_options(*cmd, t.cuda);
  cmd->add_option("--resume", job->resume, "Continue from a checkpoint (<out>.ckpt.safetensors); only --epochs may "
                                           "differ from the original options");
  cmd->add_option("--checkpoint-every", t.checkpoint_every, "Epochs between checkpoints (0 = at the end only)")
      ->capture_default_str();
  add_quiet_flag(*cmd, &t.progress, "progress line, per-epoch lines");
  add_config_options(*cmd, t.config, *given);
  cmd->callback([job, given]() {
    job->given = given->keys();
    print_training_result(run_classifier_training_job(*job));
  });
}

RBMDYN_REGISTER_COMMAND(60, add_train_classifier_command);

}  // namespace rbmdyn::cli
