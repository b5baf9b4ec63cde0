#pragma once
// Internal: the backend implementations behind DigitClassifier (host/classifier/classifier.hpp).
#include <string>

#include "host/classifier/classifier.hpp"

namespace rbmdyn {

struct DigitClassifier::Impl {
  virtual ~Impl() = default;
  // prepared = false: `x` holds 28×28 samples [n, 784] to resize (sample_resize); true: 32×32 inputs [n, 1024].
  virtual void classify(const float* x, int64_t n, bool prepared, uint8_t* pred, float* entropy, float* probs,
                        CUstream_st* stream) = 0;
  // The same with host arrays (the CPU backend simply calls classify).
  virtual void classify_host(const float* x, int64_t n, bool prepared, uint8_t* pred, float* entropy, float* probs) {
    classify(x, n, prepared, pred, entropy, probs, nullptr);
  }
  virtual std::string description() const = 0;
  ClassifierArch arch;
  Backend backend = Backend::cpu;
  int64_t batch = 0;
  SampleResize sample_resize = SampleResize::bicubic;
  // ", samples resized bilinear" for the variant, "" for the default (descriptions name deviations).
  std::string resize_note() const {
    return sample_resize == SampleResize::bicubic ? "" : std::string(", samples resized ") + sample_resize_name(sample_resize);
  }
};

std::unique_ptr<DigitClassifier::Impl> make_digit_classifier_cpu(const ClassifierModel& model,
                                                                 const DigitClassifierOptions& options);
#ifdef RBMDYN_HAVE_CUDA
std::unique_ptr<DigitClassifier::Impl> make_digit_classifier_cuda(const ClassifierModel& model,
                                                                  const DigitClassifierOptions& options);
#endif

}  // namespace rbmdyn
