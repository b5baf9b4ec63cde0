// DigitClassifier on the CPU: the §7.6 entropy, and classify_samples = bicubic resize + eval forward +
// argmax/entropy for any n and internal batch size.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "host/classifier/digit_classifier.hpp"
#include "host/classifier/network_cpu.hpp"
#include "host/core/error.hpp"
#include "host/data/resize.hpp"
#include "host/ops/classifier_math.hpp"

namespace rbmdyn {
namespace {

ClassifierArch tiny_arch() {
  ClassifierArch a;
  a.name = "tiny";
  a.block_channels = {2, 3};
  a.fc_hidden = {6};
  return a;
}

std::vector<float> sample_images(int64_t n) {
  const RandomStream rng{5, RngPurpose::gibbs_visible};
  std::vector<float> x(static_cast<std::size_t>(n * 784));
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = uniform_from_bits(rng.bits(static_cast<uint32_t>(i / 784), 0, static_cast<uint32_t>(i % 784)));
  return x;
}

TEST(ClassifierEntropy, RenormalisedDigitEntropy) {
  std::vector<float> p(11, 0.0f);
  for (int k = 0; k < 10; ++k) p[static_cast<std::size_t>(k)] = 0.08f;
  p[10] = 0.2f;  // non-digit mass is dropped before renormalising
  EXPECT_NEAR(cls::digit_entropy(p.data()), std::log(10.0), 1e-6);
  std::fill(p.begin(), p.end(), 0.0f);
  p[3] = 0.3f;
  p[8] = 0.3f;
  p[10] = 0.4f;
  EXPECT_NEAR(cls::digit_entropy(p.data()), std::log(2.0), 1e-6);
  std::fill(p.begin(), p.end(), 0.0f);
  p[4] = 1.0f;
  EXPECT_EQ(cls::digit_entropy(p.data()), 0.0f);  // 0·ln 0 = 0
  std::fill(p.begin(), p.end(), 0.0f);
  p[10] = 1.0f;
  EXPECT_EQ(cls::digit_entropy(p.data()), 0.0f);  // no digit mass at all
  // q = (0.75, 0.25): −0.75 ln 0.75 − 0.25 ln 0.25 = 0.5623351446.
  std::fill(p.begin(), p.end(), 0.0f);
  p[0] = 0.6f;
  p[9] = 0.2f;
  p[10] = 0.2f;
  EXPECT_NEAR(cls::digit_entropy(p.data()), 0.5623351446, 1e-6);
}

TEST(ClassifierInference, CpuMatchesResizeForwardArgmax) {
  const ClassifierModel model = ClassifierModel::initialized(tiny_arch(), 11);
  for (int64_t batch : {int64_t{0}, int64_t{7}}) {
    DigitClassifierOptions options;
    options.batch = batch;
    const auto classifier = make_digit_classifier(model, Backend::cpu, options);
    DigitClassifier& clf = *classifier;
    for (int64_t n : {int64_t{1}, int64_t{20}, int64_t{300}}) {
      const std::vector<float> images = sample_images(n);
      std::vector<uint8_t> pred(static_cast<std::size_t>(n), 255);
      std::vector<float> entropy(static_cast<std::size_t>(n), -1), probs(static_cast<std::size_t>(n * 11));
      clf.classify_samples(images.data(), n, pred.data(), entropy.data(), probs.data());
      // The reference: resize everything, one forward pass over all n images.
      std::vector<float> x32(static_cast<std::size_t>(n * 1024));
      resize_torch_bicubic(images.data(), n, x32.data());
      cls::CpuNetwork<float> net(make_plan(model.arch));
      net.params = model.params;
      net.buffers = model.buffers;
      const float* p = net.forward(x32.data(), n, false);
      for (int64_t i = 0; i < n; ++i) {
        const float* row = p + i * 11;
        EXPECT_EQ(pred[static_cast<std::size_t>(i)], cls::argmax_row(row, 11)) << "n=" << n << " i=" << i;
        EXPECT_NEAR(entropy[static_cast<std::size_t>(i)], cls::digit_entropy(row), 1e-6f);
        for (int k = 0; k < 11; ++k) EXPECT_NEAR(probs[static_cast<std::size_t>(i * 11 + k)], row[k], 1e-6f);
        double sum = 0;
        for (int k = 0; k < 11; ++k) sum += row[k];
        EXPECT_NEAR(sum, 1.0, 1e-5);
      }
      // Without probabilities; host variant gives the same.
      std::vector<uint8_t> pred2(static_cast<std::size_t>(n));
      std::vector<float> entropy2(static_cast<std::size_t>(n));
      clf.classify_samples_host(images.data(), n, pred2.data(), entropy2.data());
      EXPECT_EQ(pred2, pred);
      EXPECT_EQ(entropy2, entropy);
    }
    clf.classify_samples(nullptr, 0, nullptr, nullptr);  // n = 0 is a no-op
  }
}

TEST(ClassifierInference, RejectsArchitecturesThatCannotLabelDigits) {
  ClassifierArch a = tiny_arch();
  a.classes = 10;
  EXPECT_THROW(make_digit_classifier(ClassifierModel::initialized(a, 1), Backend::cpu), InputError);
  a = tiny_arch();
  a.input_side = 64;
  EXPECT_THROW(make_digit_classifier(ClassifierModel::initialized(a, 1), Backend::cpu), InputError);
}

}  // namespace
}  // namespace rbmdyn
