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
#include "host/util/run_info.hpp"

namespace rbmdyn {

namespace {

// The classifier's input read from the NPY file: 28×28 samples to be resized by the classifier, or 32×32
// inputs (prepared in the file, or PIL-resized here from uint8 digits).
struct ClassifierInput {
  std::vector<float> x;
  int64_t n = 0;
  bool prepared = false;  // x holds 32×32 inputs
  std::string kind;       // for summary.json
};

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
  int64_t per_image = 1;
  for (std::size_t d = 1; d < shape.size(); ++d) per_image *= shape[d];
  if (shape.empty() || (per_image != kMnistPixels && per_image != kResizeOutPixels))
    fail_input(source + ": expected images of shape [N, 784], [N, 28, 28], [N, 1024] or [N, 32, 32], got " +
               shape_to_string(shape));
  if (raw.descr != "<f4" && raw.descr != "<f8" && raw.descr != "|u1")
    fail_input(source + ": dtype " + raw.descr + " not supported (float32, float64 or uint8)");
  ClassifierInput in;
  in.n = shape[0];
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

void write_summary(const ClassifyJob& job, const DigitClassifier& clf, const std::map<std::string, std::string>& meta,
                   const ClassifierInput& in, const ClassifyResult& r) {
  const nlohmann::json summary = {
      {"command", "classify"},
      {"classifier", job.classifier.string()},
      {"classifier_arch", clf.arch()},
      {"classifier_best_val_accuracy", meta.count("best_val_accuracy") ? meta.at("best_val_accuracy") : ""},
      {"images", job.images.string()},
      {"n", r.n},
      {"input", in.kind},
      {"device", backend_name(job.backend)},
      {"engine", clf.description()},
      {"seconds", r.seconds},
      {"images_per_second", r.seconds > 0 ? static_cast<double>(r.n) / r.seconds : 0.0},
      {"counts_by_class", r.counts},
      {"nondigit_fraction", r.nondigit_fraction},
      {"mean_digit_entropy", r.mean_entropy},
      {"files",
       {{"classes.npy", "uint8 [n]: argmax of the softmax (10 = non-digit)"},
        {"entropy.npy", "float32 [n]: entropy of the renormalised digit probabilities (method.md §7.6), nats"},
        {"probs.npy", job.probs ? "float32 [n, 11]: softmax outputs" : "not written (use --probs)"}}},
      {"environment", run_environment()}};
  write_text_atomically(job.out / "summary.json", summary.dump(2) + "\n");
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

  save_npy(job.out / "classes.npy", pred, {in.n});
  save_npy(job.out / "entropy.npy", entropy, {in.n});
  if (job.probs) save_npy(job.out / "probs.npy", probs, {in.n, static_cast<int64_t>(classes)});
  r.counts.assign(static_cast<std::size_t>(classes), 0);
  for (int64_t i = 0; i < in.n; ++i) {
    ++r.counts[pred[static_cast<std::size_t>(i)]];
    r.mean_entropy += entropy[static_cast<std::size_t>(i)];
  }
  r.mean_entropy = in.n > 0 ? r.mean_entropy / static_cast<double>(in.n) : 0.0;
  r.nondigit_fraction = in.n > 0 ? static_cast<double>(r.counts[kNonDigit]) / static_cast<double>(in.n) : 0.0;
  write_summary(job, *clf, meta, in, r);
  return r;
}

}  // namespace rbmdyn
