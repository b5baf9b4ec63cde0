#pragma once
// The study's classifier (host/classifier) as the sweep's SampleClassifier.
#include "host/classifier/classifier.hpp"
#include "host/sweep/sample_classifier.hpp"

namespace rbmdyn {

class DigitSampleClassifier final : public SampleClassifier {
 public:
  explicit DigitSampleClassifier(DigitClassifier classifier) : classifier_(std::move(classifier)) {}
  Backend backend() const override { return classifier_.backend(); }
  void classify(const float* images, int64_t n, uint8_t* pred, float* entropy, void* stream) override {
    classifier_.classify_samples(images, n, pred, entropy, nullptr, static_cast<CUstream_st*>(stream));
  }
  std::string description() const override { return classifier_.description(); }

 private:
  DigitClassifier classifier_;
};

}  // namespace rbmdyn
