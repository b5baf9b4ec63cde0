// rbmdyn classify: label images with a trained classifier (method.md §6.4, §7.6).
#include <array>
#include <chrono>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "apps/rbmdyn/commands.hpp"
#include "host/classifier/classifier.hpp"
#include "host/core/error.hpp"
#include "host/data/resize.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/npy.hpp"
#include "host/util/run_info.hpp"

namespace rbmdyn::cli {
namespace {

struct ClassifyArgs {
  std::string classifier;
  std::string images;
  std::string out;
  std::string device = "cpu";
  std::string math = "tf32";
  std::string resize = "bicubic";
  bool deterministic = false;
  bool probs = false;
  int64_t batch = 0;
};

// Float images: finite, and samples are intensities in [0, 1] (0..255 floats, say, would saturate every
// pixel and be classified silently wrong). Prepared 32×32 inputs may overshoot [0, 1] slightly (bicubic).
void check_float_images(const std::string& path, const std::vector<float>& x, int64_t per_image, bool prepared) {
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float v = x[i];
    if (std::isfinite(v) && (prepared || (v >= 0.0f && v <= 1.0f))) continue;
    const auto per = static_cast<std::size_t>(per_image);
    fail_input(path + ": value " + std::to_string(v) + " at image " + std::to_string(i / per) + ", pixel " +
               std::to_string(i % per) +
               (std::isfinite(v) ? " is outside [0, 1] (float images are intensities in [0, 1]; uint8 images 0..255)"
                                 : " is not finite"));
  }
}

void run(const ClassifyArgs& args) {
  const Backend backend = parse_backend(args.device);
  if (args.resize != "bicubic" && args.resize != "pil-bilinear")
    fail_input("--resize " + args.resize + ": expected bicubic (RBM samples, §6.4) or pil-bilinear (uint8 digits, "
               "as in training)");
  DigitClassifierOptions options;
  options.batch = args.batch;
  options.math = parse_math_mode(args.math);
  options.deterministic = args.deterministic;
  std::map<std::string, std::string> meta;
  const ClassifierModel model = load_classifier(args.classifier, &meta);
  DigitClassifier clf(model, backend, options);

  // Input: [N, 784] / [N, 28, 28] samples (float in [0, 1], or uint8 ÷ 255), or [N, 1024] / [N, 32, 32]
  // prepared inputs.
  // One read of the file; float32/float64 values are used as they are, uint8 ÷ 255 (or PIL-resized).
  const NpyArray raw = load_npy_raw(args.images);
  const std::vector<int64_t>& shape = raw.shape;
  int64_t per_image = 1;
  for (std::size_t d = 1; d < shape.size(); ++d) per_image *= shape[d];
  if (shape.empty() || (per_image != 784 && per_image != 1024))
    fail_input(args.images + ": expected images of shape [N, 784], [N, 28, 28], [N, 1024] or [N, 32, 32], got " +
               shape_to_string(shape));
  const int64_t n = shape[0];
  const auto count = static_cast<std::size_t>(n * per_image);
  const bool is_u8 = raw.descr == "|u1";
  const bool prepared = per_image == 1024;
  std::vector<float> x;
  if (raw.descr == "<f4") {
    x.resize(count);
    std::memcpy(x.data(), raw.bytes.data(), count * sizeof(float));
  } else if (raw.descr == "<f8") {
    x.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
      double v;
      std::memcpy(&v, raw.bytes.data() + i * sizeof(double), sizeof v);
      x[i] = static_cast<float>(v);
    }
  } else if (!is_u8) {
    fail_input(args.images + ": dtype " + raw.descr + " not supported (float32, float64 or uint8)");
  }
  check_float_images(args.images, x, per_image, prepared);
  if (is_u8 && !prepared && args.resize == "pil-bilinear") {
    x.resize(static_cast<std::size_t>(n) * kResizeOutPixels);
    resize_pil_bilinear_unit(raw.bytes.data(), n, x.data());
  } else if (is_u8) {
    x.resize(count);
    for (std::size_t i = 0; i < count; ++i) x[i] = static_cast<float>(raw.bytes[i]) / 255.0f;
  } else if (!prepared && args.resize == "pil-bilinear") {
    fail_input("--resize pil-bilinear needs uint8 images (0..255); " + args.images + " has " + raw.descr);
  }
  const bool resized_here = !prepared && args.resize == "pil-bilinear";

  std::vector<uint8_t> pred(static_cast<std::size_t>(n));
  std::vector<float> entropy(static_cast<std::size_t>(n));
  std::vector<float> probs(args.probs ? static_cast<std::size_t>(n * clf.arch().classes) : 0);
  const auto t0 = std::chrono::steady_clock::now();
  if (prepared || resized_here)
    clf.classify_prepared_host(x.data(), n, pred.data(), entropy.data(), args.probs ? probs.data() : nullptr);
  else
    clf.classify_samples_host(x.data(), n, pred.data(), entropy.data(), args.probs ? probs.data() : nullptr);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const std::filesystem::path out = args.out;
  save_npy(out / "classes.npy", pred, {n});
  save_npy(out / "entropy.npy", entropy, {n});
  if (args.probs) save_npy(out / "probs.npy", probs, {n, static_cast<int64_t>(clf.arch().classes)});
  std::vector<int64_t> counts(static_cast<std::size_t>(clf.arch().classes), 0);
  double mean_entropy = 0;
  for (int64_t i = 0; i < n; ++i) {
    ++counts[pred[static_cast<std::size_t>(i)]];
    mean_entropy += entropy[static_cast<std::size_t>(i)];
  }
  mean_entropy = n > 0 ? mean_entropy / static_cast<double>(n) : 0.0;
  nlohmann::json summary = {
      {"command", "classify"},
      {"classifier", args.classifier},
      {"classifier_arch", model.arch},
      {"classifier_best_val_accuracy", meta.count("best_val_accuracy") ? meta["best_val_accuracy"] : ""},
      {"images", args.images},
      {"n", n},
      {"input", prepared ? "prepared 32x32" : (args.resize == "pil-bilinear" ? "28x28, PIL bilinear" : "28x28, bicubic")},
      {"device", backend_name(backend)},
      {"engine", clf.description()},
      {"seconds", seconds},
      {"images_per_second", seconds > 0 ? static_cast<double>(n) / seconds : 0.0},
      {"counts_by_class", counts},
      {"nondigit_fraction", n > 0 ? static_cast<double>(counts[10]) / static_cast<double>(n) : 0.0},
      {"mean_digit_entropy", mean_entropy},
      {"files",
       {{"classes.npy", "uint8 [n]: argmax of the softmax (10 = non-digit)"},
        {"entropy.npy", "float32 [n]: entropy of the renormalised digit probabilities (method.md §7.6), nats"},
        {"probs.npy", args.probs ? "float32 [n, 11]: softmax outputs" : "not written (use --probs)"}}},
      {"environment", run_environment()}};
  write_text_atomically(out / "summary.json", summary.dump(2) + "\n");
  std::printf("classified %lld images in %.2f s (%.0f images/s) on %s; non-digit fraction %.4f, mean entropy %.4f\n",
              static_cast<long long>(n), seconds, seconds > 0 ? static_cast<double>(n) / seconds : 0.0,
              backend_name(backend), n > 0 ? static_cast<double>(counts[10]) / static_cast<double>(n) : 0.0,
              mean_entropy);
}

}  // namespace

void add_classify_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("classify", "Label images with a trained classifier (classes, entropy, probabilities)");
  auto args = std::make_shared<ClassifyArgs>();
  cmd->add_option("--classifier", args->classifier, "Classifier file (.safetensors from train-classifier)")->required();
  cmd->add_option("--images", args->images,
                  "NPY of images: [N, 784] or [N, 28, 28] (float in [0, 1], or uint8), or prepared [N, 32, 32]")
      ->required();
  cmd->add_option("--out", args->out, "Output folder (classes.npy, entropy.npy, [probs.npy], summary.json)")->required();
  cmd->add_option("--device", args->device, "cpu or cuda")->capture_default_str();
  cmd->add_option("--math", args->math, "CUDA arithmetic: tf32 or fp32")->capture_default_str();
  cmd->add_flag("--deterministic", args->deterministic, "CUDA: fp32 and deterministic cuDNN algorithms");
  cmd->add_option("--resize", args->resize, "28→32 resize: bicubic (RBM samples, §6.4) or pil-bilinear (uint8 digits)")
      ->capture_default_str();
  cmd->add_flag("--probs", args->probs, "Also write the 11 softmax outputs per image");
  cmd->add_option("--batch", args->batch, "Images per forward pass (0 = backend default)")->capture_default_str();
  cmd->callback([args]() { run(*args); });
}

RBMDYN_REGISTER_COMMAND(70, add_classify_command);

}  // namespace rbmdyn::cli
