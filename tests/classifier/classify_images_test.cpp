// classify_images (rbmdyn classify): what it refuses in the classifier file and the images, naming the file.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "host/classifier/classify_images.hpp"
#include "host/classifier/model.hpp"
#include "host/core/error.hpp"
#include "host/io/npy.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

ClassifierArch tiny_arch(int input_side) {
  ClassifierArch a;
  a.name = "tiny";
  a.input_side = input_side;
  a.block_channels = {2};
  a.fc_hidden = {4};
  return a;
}

// The message of the InputError `job` raises ("" and a test failure when it succeeds).
std::string input_error(const ClassifyJob& job) {
  try {
    (void)classify_images(job);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << job.images << " accepted";
  return "";
}

class ClassifyImages : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::temp_dir();
    job_.classifier = dir_ / "classifier.safetensors";
    job_.out = dir_ / "out";
    save_classifier(job_.classifier, ClassifierModel::initialized(tiny_arch(32), 3));
  }
  // [n, 784] float32 images, all `fill` but pixel `at` = `value`.
  void write_images(int64_t n, float fill, std::size_t at, float value) {
    std::vector<float> x(static_cast<std::size_t>(n) * 784, fill);
    x[at] = value;
    job_.images = dir_ / "images.npy";
    save_npy(job_.images, x, {n, 784});
  }
  std::filesystem::path dir_;
  ClassifyJob job_;
};

TEST_F(ClassifyImages, AcceptsFloatIntensitiesInZeroOne) {
  write_images(2, 0.5f, 0, 1.0f);
  const ClassifyResult r = classify_images(job_);
  EXPECT_EQ(r.n, 2);
  int64_t total = 0;
  for (int64_t c : r.counts) total += c;
  EXPECT_EQ(total, 2);
}

// 0..255 floats would saturate every pixel and be labelled silently wrong.
TEST_F(ClassifyImages, RefusesFloatPixelsOutsideZeroOneNamingImageAndPixel) {
  write_images(2, 0.0f, 784 + 5, 255.0f);
  const std::string e = input_error(job_);
  EXPECT_NE(e.find("images.npy: value 255.000000 at image 1, pixel 5 is outside [0, 1]"), std::string::npos) << e;
  write_images(1, 0.0f, 0, -0.25f);
  EXPECT_NE(input_error(job_).find("value -0.250000 at image 0, pixel 0 is outside [0, 1]"), std::string::npos);
}

TEST_F(ClassifyImages, RefusesNonFinitePixels) {
  write_images(1, 0.0f, 3, std::numeric_limits<float>::quiet_NaN());
  const std::string e = input_error(job_);
  EXPECT_NE(e.find("images.npy: value nan at image 0, pixel 3 is not finite"), std::string::npos) << e;
}

// Before, the message named the architecture but not the file it came from.
TEST_F(ClassifyImages, AClassifierThatCannotLabelSamplesIsNamedByItsFile) {
  save_classifier(job_.classifier, ClassifierModel::initialized(tiny_arch(4), 3));
  write_images(1, 0.5f, 0, 0.5f);
  const std::string e = input_error(job_);
  EXPECT_NE(e.find("classifier.safetensors: classifier architecture 'tiny' cannot label RBM samples"),
            std::string::npos)
      << e;
}

}  // namespace
}  // namespace rbmdyn
