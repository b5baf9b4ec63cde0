// A short real-MNIST run (2 epochs on 6000 images): the reconstruction error falls.
#include <gtest/gtest.h>

#include "host/data/mnist.hpp"
#include "host/rbm/rbm_trainer.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

TEST(Cd1Mnist, TwoEpochsOnSixThousandImagesReduceTheError) {
  RBMDYN_REQUIRE_MNIST(dir);
  const MnistSet set = load_mnist(dir, "train");
  const int64_t n = 6000;
  const std::vector<float> data = set.split.to_unit_float(0, n);
  RbmTrainingOptions options;
  options.config.epochs = 2;
  options.out = test::temp_dir() / "rbm.safetensors";
  options.progress = false;
  const RbmTrainingResult r = train_rbm(data.data(), n, options, fresh_checkpoint(options.config, 784, n));
  ASSERT_EQ(r.history.size(), 2u);
  // Full-data first epoch is ≈ 2.0e4 (docs/method.md, independent NumPy run); 48 batches here give ≈ 1/10
  // of the batches with the larger early errors, so the first epoch's sum lies well above 48·(later).
  EXPECT_GT(r.history[0].error_sum, 2000.0);
  EXPECT_LT(r.history[0].error_sum, 4000.0);
  EXPECT_LT(r.history[1].error_sum, 0.9 * r.history[0].error_sum);
  EXPECT_LT(r.history[1].rmse, 0.2);
  EXPECT_GT(r.history[1].rmse, 0.05);
  const Rbm rbm = load_rbm(options.out);
  EXPECT_EQ(rbm.n_hidden, 1000);
}

}  // namespace
}  // namespace rbmdyn
