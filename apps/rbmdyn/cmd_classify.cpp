// rbmdyn classify: label images with a trained classifier (docs/method.md §6.4, §7.6;
// host/classifier/classify_images.hpp).
#include <cstdio>
#include <memory>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "host/classifier/classify_images.hpp"

namespace rbmdyn::cli {
namespace {

void add_classify_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("classify", "Label images with a trained classifier (classes, entropy, probabilities)");
  add_quiet_flag(*cmd, nullptr, "progress lines");
  auto job = std::make_shared<ClassifyJob>();
  cmd->add_option("--classifier", job->classifier, "Classifier file (.safetensors from train-classifier)")->required();
  cmd->add_option("--images", job->images,
                  "NPY of images: [..., 784] or [..., 28, 28] (float in [0, 1], or uint8), or prepared [..., 32, 32]; any leading "
                  "dimensions, e.g. generate's visible.npy [vectors, chains, kept steps, 784]")
      ->required();
  cmd->add_option("--out", job->out, "Output folder (classes.npy, entropy.npy shaped like the images' leading dimensions, [probs.npy], "
                  "[kept_steps.npy], summary.json)")->required();
  add_device_option(*cmd, job->backend);
  add_cuda_math_options(*cmd, job->options.cuda);
  cmd->add_option("--resize", job->resize,
                  "28→32 resize: bicubic (RBM samples, docs/method.md §6.4) or pil-bilinear (uint8 digits)")
      ->capture_default_str();
  cmd->add_flag("--probs", job->probs, "Also write the 11 softmax outputs per image");
  cmd->add_option("--batch-size", job->options.batch, "Images per forward pass (0 = backend default); results do not "
                  "depend on it")->capture_default_str();
  cmd->add_option("--batch", job->options.batch, "Old spelling of --batch-size")->group("");  // hidden alias
  cmd->callback([job]() {
    const ClassifyResult r = classify_images(*job);
    std::printf("classified %lld images in %.2f s (%.0f images/s) on %s; non-digit fraction %.4f, mean entropy %.4f\n",
                static_cast<long long>(r.n), r.seconds, r.seconds > 0 ? static_cast<double>(r.n) / r.seconds : 0.0,
                backend_name(job->backend), r.nondigit_fraction, r.mean_entropy);
  });
}

RBMDYN_REGISTER_COMMAND(70, add_classify_command);

}  // namespace
}  // namespace rbmdyn::cli
