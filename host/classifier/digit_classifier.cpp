// DigitClassifier: the backend dispatch and the argument checks every backend shares.
#include "host/classifier/digit_classifier.hpp"

#include "host/core/error.hpp"
#include "host/core/study.hpp"
#include "host/ops/resize_math.hpp"

namespace rbmdyn {
void check_labels_rbm_samples(const ClassifierModel& model, const std::string& source) {
  if (model.arch.classes < kNumStates || model.arch.in_channels != 1 || model.arch.input_side != kResizeOutSide)
    fail_input((source.empty() ? "" : source + ": ") + "classifier architecture '" + model.arch.name +
               "' cannot label RBM samples: it needs 1×32×32 inputs and ≥ 11 classes (has " +
               std::to_string(model.arch.in_channels) + "×" + std::to_string(model.arch.input_side) + "², " +
               std::to_string(model.arch.classes) + " classes)");
}

DigitClassifier::DigitClassifier(ClassifierArch arch, Backend backend, int64_t batch)
    : arch_(std::move(arch)), backend_(backend), batch_(batch) {}

std::unique_ptr<DigitClassifier> make_digit_classifier(const ClassifierModel& model, Backend backend,
                                                       const DigitClassifierOptions& options) {
  check_labels_rbm_samples(model);
  if (options.batch < 0) fail_input("classifier batch must be ≥ 0");
  if (backend == Backend::cpu) return make_digit_classifier_cpu(model, options);
  require_backend_available(backend);
#ifdef RBMDYN_HAVE_CUDA
  return make_digit_classifier_cuda(model, options);
#else
  fail_no_cuda_build();
#endif
}

std::unique_ptr<DigitClassifier> load_digit_classifier(const std::filesystem::path& path, Backend backend,
                                                       const DigitClassifierOptions& options) {
  const ClassifierModel model = load_classifier(path);
  check_labels_rbm_samples(model, path.string());
  return make_digit_classifier(model, backend, options);
}

void DigitClassifier::classify_samples(const float* images, int64_t n, uint8_t* pred, float* entropy, float* probs,
                                       StreamHandle stream) {
  RBMDYN_CHECK(n >= 0, "negative image count");
  if (n > 0) classify(images, n, false, pred, entropy, probs, stream);
}

void DigitClassifier::classify_prepared(const float* x, int64_t n, uint8_t* pred, float* entropy, float* probs,
                                        StreamHandle stream) {
  RBMDYN_CHECK(n >= 0, "negative image count");
  if (n > 0) classify(x, n, true, pred, entropy, probs, stream);
}

void DigitClassifier::classify_samples_host(const float* images, int64_t n, uint8_t* pred, float* entropy,
                                            float* probs) {
  RBMDYN_CHECK(n >= 0, "negative image count");
  if (n > 0) classify_host(images, n, false, pred, entropy, probs);
}

void DigitClassifier::classify_prepared_host(const float* x, int64_t n, uint8_t* pred, float* entropy, float* probs) {
  RBMDYN_CHECK(n >= 0, "negative image count");
  if (n > 0) classify_host(x, n, true, pred, entropy, probs);
}

}  // namespace rbmdyn
