// The named classifier deviations of docs/method.md §10: the non-digit pixel scale (row 19; 255 is the
// default and files written with the old boolean keep their meaning) and the resize of RBM samples
// (row 18: bicubic by default, the training digits' bilinear as the variant).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "host/classifier/dataset.hpp"
#include "host/classifier/digit_classifier.hpp"
#include "host/classifier/trainer.hpp"
#include "host/core/error.hpp"
#include "host/core/random.hpp"
#include "host/data/resize.hpp"

namespace rbmdyn {
namespace {

TEST(NondigitScale, NamesDefaultAndLegacyBoolean) {
  EXPECT_EQ(parse_nondigit_scale("255"), NondigitScale::raw255);
  EXPECT_EQ(parse_nondigit_scale("unit"), NondigitScale::unit);
  EXPECT_THROW(parse_nondigit_scale("1"), InputError);
  EXPECT_EQ(ClassifierTrainConfig::paper().nondigit_scale, NondigitScale::raw255);
  EXPECT_EQ(ClassifierTrainConfig::small().nondigit_scale, NondigitScale::raw255);

  ClassifierTrainConfig c;
  c.nondigit_scale = NondigitScale::unit;
  nlohmann::json j = c;
  EXPECT_EQ(j.at("nondigit_scale"), "unit");
  EXPECT_FALSE(j.contains("nondigit_scale_255"));
  EXPECT_EQ(j.get<ClassifierTrainConfig>().nondigit_scale, NondigitScale::unit);
  // Checkpoints and models written before the named choice carry the boolean: false meant [0, 1].
  j.erase("nondigit_scale");
  j["nondigit_scale_255"] = false;
  EXPECT_EQ(j.get<ClassifierTrainConfig>().nondigit_scale, NondigitScale::unit);
  j["nondigit_scale_255"] = true;
  EXPECT_EQ(j.get<ClassifierTrainConfig>().nondigit_scale, NondigitScale::raw255);
  j.erase("nondigit_scale_255");
  j["nondigit_scale"] = "bytes";
  EXPECT_THROW(j.get<ClassifierTrainConfig>(), InputError);
}

TEST(NondigitScale, OnlyNondigitInputsAreScaled) {
  ClassifierData d;
  d.pixels.assign(2 * 784, 0);
  for (int k = 0; k < 784; ++k) d.pixels[static_cast<std::size_t>(k)] = d.pixels[static_cast<std::size_t>(784 + k)] =
                                      static_cast<uint8_t>(k % 256);
  d.labels = {3, 10};  // a digit and a non-digit with the same pixels
  std::vector<float> raw(2 * 1024), unit(2 * 1024);
  prepare_inputs(d, nullptr, 2, NondigitScale::raw255, raw.data());
  prepare_inputs(d, nullptr, 2, NondigitScale::unit, unit.data());
  for (int k = 0; k < 1024; ++k) {
    EXPECT_EQ(raw[static_cast<std::size_t>(k)], unit[static_cast<std::size_t>(k)]);  // digits: always ÷255
    EXPECT_LE(unit[static_cast<std::size_t>(k)], 1.0f);
    EXPECT_NEAR(raw[static_cast<std::size_t>(1024 + k)], 255.0f * unit[static_cast<std::size_t>(1024 + k)],
                1e-3f * std::max(1.0f, raw[static_cast<std::size_t>(1024 + k)]));
  }
  float most = 0;
  for (int k = 0; k < 1024; ++k) most = std::max(most, raw[static_cast<std::size_t>(1024 + k)]);
  EXPECT_GT(most, 200.0f);  // the authors' non-digits really are on the 0–255 scale
}

TEST(SampleResize, BilinearVariantIsTheTrainingInterpolation) {
  EXPECT_EQ(parse_sample_resize("bicubic"), SampleResize::bicubic);
  EXPECT_EQ(parse_sample_resize("bilinear"), SampleResize::bilinear);
  EXPECT_THROW(parse_sample_resize("nearest"), InputError);
  ClassifierArch a;
  a.name = "tiny";
  a.block_channels = {2, 3};
  a.fc_hidden = {6};
  const ClassifierModel model = ClassifierModel::initialized(a, 3);
  const int64_t n = 40;
  std::vector<float> images(static_cast<std::size_t>(n * 784));
  const RandomStream rng{8, RngPurpose::gibbs_visible};
  for (std::size_t i = 0; i < images.size(); ++i) images[i] = uniform_from_bits(rng.bits(0, 0, static_cast<uint32_t>(i)));
  DigitClassifierOptions options;
  options.sample_resize = SampleResize::bilinear;
  const auto bilinear = make_digit_classifier(model, Backend::cpu, options);
  const auto bicubic = make_digit_classifier(model, Backend::cpu);
  EXPECT_NE(bilinear->description().find("samples resized bilinear"), std::string::npos);
  EXPECT_EQ(bicubic->description().find("resized"), std::string::npos);
  std::vector<float> x32(static_cast<std::size_t>(n * 1024)), probs_a(static_cast<std::size_t>(n * 11)),
      probs_b(probs_a.size()), probs_c(probs_a.size()), entropy(static_cast<std::size_t>(n));
  std::vector<uint8_t> pred(static_cast<std::size_t>(n));
  bilinear->classify_samples(images.data(), n, pred.data(), entropy.data(), probs_a.data());
  resize_torch_bilinear(images.data(), n, x32.data());
  bicubic->classify_prepared(x32.data(), n, pred.data(), entropy.data(), probs_b.data());
  EXPECT_EQ(probs_a, probs_b);  // bilinear samples = the bilinear-resized inputs, bit for bit
  bicubic->classify_samples(images.data(), n, pred.data(), entropy.data(), probs_c.data());
  EXPECT_NE(probs_a, probs_c);  // and not what the bicubic default gives
}

}  // namespace
}  // namespace rbmdyn
