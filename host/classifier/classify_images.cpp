#include "host/classifier/classify_images.hpp"

#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

#include "host/core/error.hpp"
#include "host/core/study.hpp"
#include "host/data/mnist.hpp"
#include "host/data/resize.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/npy.hpp"
#include "host/io/output_folder.hpp"
#include "host/util/run_info.hpp"
#include "host/util/run_record.hpp"

namespace rbmdyn {

namespace {

// The classifier's input read from the NPY file: 28×28 samples to be resized by the classifier, or 32×32
// inputs (prepared in the file, or PIL-resized here from uint8 digits).
struct ClassifierInput {
  std::vector<float> x;
  int64_t n = 0;
  std::vector<int64_t> leading;  // the shape before the image dimensions, e.g. [V, C, K] of generate's visible.npy
  bool prepared = false;  // x holds 32×32 inputs
  std::string kind;       // for summary.json
};

// How many trailing dimensions of `shape` make one image (1 for 784 / 1024, 2 for 28×28 / 32×32), 0 when
// they do not; at least one leading dimension is required.
std::size_t trailing_image_dims(const std::vector<int64_t>& shape) {
  const std::size_t r = shape.size();
  if (r >= 2 && (shape[r - 1] == kMnistPixels || shape[r - 1] == kResizeOutPixels)) return 1;
  if (r >= 3 && shape[r - 1] == shape[r - 2] && (shape[r - 1] == kMnistSide || shape[r - 1] == kResizeOutSide))
    return 2;
  return 0;
}

// Float images: finite, and 28×28 samples are intensities in [0, 1] (0..255 floats, say, would saturate
// every pixel and be classified silently wrong). Prepared 32×32 inputs may overshoot [0, 1] a little
// (bicubic), so for them only finiteness is checked. x holds images of `per_image` values.
void check_float_images(const std::vector<float>& x, std::size_t per_image, bool prepared, const std::string& source) {
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float v = x[i];
    if (std::isfinite(v) && (prepared || (v >= 0.0f && v <= 1.0f))) continue;
    fail_input(source + ": value " + std::to_string(v) + " at image " + std::to_string(i / per_image) + ", pixel " +
               std::to_string(i % per_image) +
               (std::isfinite(v) ? " is outside [0, 1] (float images are intensities in [0, 1]; uint8 images 0..255)"
                                 : " is not finite"));
  }
}

// float32/float64 values as they are (checked above), uint8 ÷ 255.
std::vector<float> unit_values(const NpyArray& raw, std::size_t count, std::size_t per_image, bool prepared,
                               const std::string& source) {
  std::vector<float> x(count);
  if (raw.descr == "<f4") {
    std::memcpy(x.data(), raw.bytes.data(), count * sizeof(float));
  } else if (raw.descr == "<f8") {
    for (std::size_t i = 0; i < count; ++i) {
      double v;
      std::memcpy(&v, raw.bytes.data() + i * sizeof(double), sizeof v);
      x[i] = static_cast<float>(v);
    }
  } else {  // |u1 (read_input admits no other dtype)
    for (std::size_t i = 0; i < count; ++i) x[i] = static_cast<float>(raw.bytes[i]) / 255.0f;
    return x;
  }
  check_float_images(x, per_image, prepared, source);
  return x;
}

ClassifierInput read_input(const std::filesystem::path& path, const std::string& resize) {
  const std::string source = path.string();
  const NpyArray raw = load_npy_raw(path);  // one read of the file
  const std::vector<int64_t>& shape = raw.shape;
  const std::size_t image_dims = trailing_image_dims(shape);
  if (image_dims == 0)
    fail_input(source + ": expected images of shape [..., 784], [..., 28, 28], [..., 1024] or [..., 32, 32] (any " +
               "leading dimensions, e.g. [N, 784] or generate's [vectors, chains, kept steps, 784]), got " +
               shape_to_string(shape));
  if (raw.descr != "<f4" && raw.descr != "<f8" && raw.descr != "|u1")
    fail_input(source + ": dtype " + raw.descr + " not supported (float32, float64 or uint8)");
  int64_t per_image = 1;
  for (std::size_t d = shape.size() - image_dims; d < shape.size(); ++d) per_image *= shape[d];
  ClassifierInput in;
  in.leading.assign(shape.begin(), shape.end() - static_cast<std::ptrdiff_t>(image_dims));
  in.n = 1;
  for (int64_t d : in.leading) in.n *= d;
  in.prepared = per_image == kResizeOutPixels;
  const bool pil = !in.prepared && resize == "pil-bilinear";
  in.kind = in.prepared ? "prepared 32x32" : (pil ? "28x28, PIL bilinear" : "28x28, bicubic");
  if (pil && raw.descr != "|u1")
    fail_input(quote_option("resize") + " pil-bilinear needs uint8 images (0..255); " + source + " has " + raw.descr);
  if (pil) {
    in.x.resize(static_cast<std::size_t>(in.n) * kResizeOutPixels);
    resize_pil_bilinear_unit(raw.bytes.data(), in.n, in.x.data());
    in.prepared = true;
    return in;
  }
  in.x = unit_values(raw, static_cast<std::size_t>(in.n * per_image), static_cast<std::size_t>(per_image), in.prepared,
                     source);
  return in;
}

void write_summary(const std::filesystem::path& out, const ClassifyJob& job, const DigitClassifier& clf, const std::map<std::string, std::string>& meta,
                   const ClassifierInput& in, const ClassifyResult& r) {
  const nlohmann::json summary = {
      {"command", "classify"},
      {"classifier", job.classifier.string()},
      {"classifier_arch", clf.arch()},
      {"classifier_best_val_accuracy", meta.count("best_val_accuracy") ? meta.at("best_val_accuracy") : ""},
      {"images", job.images.string()},
      {"n", r.n},
      {"shape", in.leading},
      {"kept_steps", r.kept_steps},
      {"input", in.kind},
      {"device", backend_name(job.backend)},
      {"engine", clf.description()},
      {"seconds", r.seconds},
      {"images_per_second", r.seconds > 0 ? static_cast<double>(r.n) / r.seconds : 0.0},
      {"counts_by_class", r.counts},
      {"nondigit_fraction", r.nondigit_fraction},
      {"mean_digit_entropy", r.mean_entropy},
      {"files",
       {{"classes.npy", "uint8 [shape]: argmax of the softmax (10 = non-digit); shape = the images' leading shape"},
        {"entropy.npy", "float32 [shape]: entropy of the renormalised digit probabilities (docs/method.md §7.6), nats"},
        {"probs.npy", job.probs ? "float32 [shape, 11]: softmax outputs" : "not written (use --probs)"},
        {"kept_steps.npy", r.kept_steps.empty() ? "not written (the images are not a generate folder's visible.npy)"
                                                : "int32 [kept steps]: 1-based step of each index of the last axis"}}},
      {"environment", run_environment()}};
  write_text_atomically(out / "summary.json", summary.dump(2) + "\n");
}

// The 1-based step numbers of the images' second-to-last leading dimension when the images are a
// `generate` folder's visible.npy [V, C, K, ...] (its kept_steps.npy beside it, K long): copied into the
// output folder `out` so that `rbmdyn analyze` knows which steps the classes are. Empty otherwise.
std::vector<int32_t> carry_kept_steps(const ClassifyJob& job, const std::filesystem::path& out,
                                      const std::vector<int64_t>& leading) {
  const std::filesystem::path beside = job.images.parent_path() / "kept_steps.npy";
  const std::filesystem::path target = out / "kept_steps.npy";
  std::vector<int32_t> steps;
  if (leading.size() >= 2 && std::filesystem::is_regular_file(beside)) {
    std::vector<int64_t> shape;
    steps = load_npy<int32_t>(beside, &shape);
    if (shape.size() != 1 || shape[0] != leading.back()) steps.clear();
  }
  if (!steps.empty()) save_npy(target, steps, {static_cast<int64_t>(steps.size())});
  return steps;
}

}  // namespace

ClassifyResult classify_images(const ClassifyJob& job) {
  if (job.resize != "bicubic" && job.resize != "pil-bilinear")
    fail_input(quote_option("resize") + " " + job.resize +
               ": expected bicubic (RBM samples, §6.4) or pil-bilinear (uint8 digits, as in training)");
  std::map<std::string, std::string> meta;
  const ClassifierModel model = load_classifier(job.classifier, &meta);
  check_labels_rbm_samples(model, job.classifier.string());
  const auto clf = make_digit_classifier(model, job.backend, job.options);
  const ClassifierInput in = read_input(job.images, job.resize);
  // Checked before the classification; written whole, so a rerun leaves no file of an earlier one.
  OutputFolder folder(job.out, "out", owned_names({"classes.npy", "entropy.npy", "probs.npy", "kept_steps.npy", "summary.json", "run.json"}));
  const std::filesystem::path& out = folder.staging();
  const int classes = clf->arch().classes;
  ClassifyResult r;
  r.n = in.n;
  std::vector<uint8_t> pred(static_cast<std::size_t>(in.n));
  std::vector<float> entropy(static_cast<std::size_t>(in.n));
  std::vector<float> probs(job.probs ? static_cast<std::size_t>(in.n * classes) : 0);
  const auto t0 = std::chrono::steady_clock::now();
  if (in.prepared)
    clf->classify_prepared_host(in.x.data(), in.n, pred.data(), entropy.data(), job.probs ? probs.data() : nullptr);
  else
    clf->classify_samples_host(in.x.data(), in.n, pred.data(), entropy.data(), job.probs ? probs.data() : nullptr);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::vector<int64_t> probs_shape = in.leading;
  probs_shape.push_back(classes);
  save_npy(out / "classes.npy", pred, in.leading);
  save_npy(out / "entropy.npy", entropy, in.leading);
  if (job.probs) save_npy(out / "probs.npy", probs, probs_shape);
  r.kept_steps = carry_kept_steps(job, out, in.leading);
  r.counts.assign(static_cast<std::size_t>(classes), 0);
  for (int64_t i = 0; i < in.n; ++i) {
    ++r.counts[pred[static_cast<std::size_t>(i)]];
    r.mean_entropy += entropy[static_cast<std::size_t>(i)];
  }
  r.mean_entropy = in.n > 0 ? r.mean_entropy / static_cast<double>(in.n) : 0.0;
  r.nondigit_fraction = in.n > 0 ? static_cast<double>(r.counts[kNonDigit]) / static_cast<double>(in.n) : 0.0;
  write_summary(out, job, *clf, meta, in, r);
  const nlohmann::json options = {{"resize", job.resize}, {"batch", job.options.batch}, {"probs", job.probs},
                                  {"math", job.backend == Backend::cuda ? math_mode_name(job.options.cuda.math) : "fp32"}};
  write_run_record(out / "run.json", run_record("classify", options,
                                                {{"classifier", job.classifier, ""}, {"images", job.images, ""}},
                                                job.backend));
  folder.commit();
  return r;
}

}  // namespace rbmdyn
