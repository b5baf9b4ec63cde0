// A learning rate far too large (issue 10 §5, `train-rbm --lr 1e30`): the run stops with an error that
// names the learning rates, saves no model, and keeps the last good checkpoint unchanged.
#include <gtest/gtest.h>


#include "host/core/error.hpp"
#include "host/io/read_file.hpp"
#include "host/rbm/rbm_trainer.hpp"
#include "tests/rbm/cd1_reference.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {
namespace fs = std::filesystem;

std::vector<uint8_t> bytes_of(const fs::path& p) { return read_file_bytes(p); }

TEST(RbmDivergence, StopsKeepsTheLastGoodCheckpointAndSavesNoModel) {
  constexpr int64_t kVisible = 20, kSamples = 100;
  const std::vector<float> data = test::random_unit_data(kSamples, kVisible, 5);
  const fs::path dir = test::temp_dir();
  RbmTrainingOptions o;
  o.config.n_hidden = 16;
  o.config.batch_size = 25;
  o.config.epochs = 1;
  o.out = dir / "m.safetensors";
  o.checkpoint_every = 1;
  o.progress = false;
  train_rbm(data.data(), kSamples, o, fresh_checkpoint(o.config, kVisible, kSamples));  // one good epoch
  fs::remove(o.out);
  const std::vector<uint8_t> good = bytes_of(checkpoint_path(o.out));
  ASSERT_FALSE(good.empty());

  RbmCheckpoint start = load_checkpoint(checkpoint_path(o.out));
  o.config.lr_weights = o.config.lr_visible_bias = o.config.lr_hidden_bias = 1e30f;
  o.config.epochs = 3;
  start.config = o.config;
  try {
    train_rbm(data.data(), kSamples, o, std::move(start));
    FAIL() << "a learning rate of 1e30 trained without error";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("diverged in epoch 2"), std::string::npos) << m;
    EXPECT_NE(m.find("`lr_weights`"), std::string::npos) << m;
    EXPECT_NE(m.find("1e+30"), std::string::npos) << m;
    EXPECT_NE(m.find("last good checkpoint"), std::string::npos) << m;
  }
  EXPECT_FALSE(fs::exists(o.out));
  EXPECT_EQ(bytes_of(checkpoint_path(o.out)), good);
}

TEST(RbmDivergence, WithoutACheckpointTheMessageSaysSo) {
  constexpr int64_t kVisible = 20, kSamples = 100;
  const std::vector<float> data = test::random_unit_data(kSamples, kVisible, 6);
  RbmTrainingOptions o;
  o.config.n_hidden = 16;
  o.config.batch_size = 25;
  o.config.epochs = 2;
  o.config.lr_weights = 1e30f;
  o.out = test::temp_dir() / "m.safetensors";
  o.checkpoint_every = 0;
  o.progress = false;
  try {
    train_rbm(data.data(), kSamples, o, fresh_checkpoint(o.config, kVisible, kSamples));
    FAIL() << "diverged without error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no checkpoint was written"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(o.out));
}

}  // namespace
}  // namespace rbmdyn
