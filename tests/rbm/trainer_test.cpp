// The training loop: checkpoints, exact resume, interruption, the error log, bad checkpoint files.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "host/core/error.hpp"
#include "host/io/safetensors.hpp"
#include "host/rbm/rbm_trainer.hpp"
#include "host/util/interrupt.hpp"
#include "tests/rbm/cd1_reference.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

struct SmallRun {
  static constexpr int64_t kVisible = 20;
  static constexpr int64_t kSamples = 120;
  std::vector<float> data = test::random_unit_data(kSamples, kVisible, 11);
  RbmTrainingOptions options;
  SmallRun(const std::filesystem::path& out, int epochs, bool shuffle = false) {
    options.config.n_hidden = 16;
    options.config.batch_size = 25;  // 120 / 25: the last 20 samples are dropped, as drop_last does
    options.config.epochs = epochs;
    options.config.momentum_switch_epoch = 2;
    options.config.shuffle = shuffle;
    options.config.seed = 77;
    options.out = out;
    options.checkpoint_every = 1;
    options.progress = false;
  }
  RbmTrainingResult run(RbmCheckpoint start, const std::function<void(const EpochRecord&)>& cb = {}) {
    return train_rbm(data.data(), kSamples, options, std::move(start), cb);
  }
  RbmCheckpoint fresh() const { return fresh_checkpoint(options.config, kVisible, kSamples); }
};

void expect_same_bits(const Cd1State& a, const Cd1State& b) {
  EXPECT_EQ(a.rbm.W, b.rbm.W);
  EXPECT_EQ(a.rbm.b_v, b.rbm.b_v);
  EXPECT_EQ(a.rbm.b_h, b.rbm.b_h);
  EXPECT_EQ(a.dW, b.dW);
  EXPECT_EQ(a.db_v, b.db_v);
  EXPECT_EQ(a.db_h, b.db_h);
}

TEST(RbmTrainer, ResumedRunEqualsUninterruptedRunBitForBit) {
  for (bool shuffle : {false, true}) {
    const auto dir = test::temp_dir();
    SmallRun full(dir / "full.safetensors", 5, shuffle);
    const RbmTrainingResult uninterrupted = full.run(full.fresh());
    ASSERT_EQ(uninterrupted.history.size(), 5u);

    SmallRun first(dir / "split.safetensors", 2, shuffle);
    first.run(first.fresh());
    SmallRun second(dir / "split.safetensors", 5, shuffle);
    const RbmTrainingResult resumed = second.run(load_checkpoint(checkpoint_path(second.options.out)));
    expect_same_bits(uninterrupted.state, resumed.state);
    ASSERT_EQ(resumed.history.size(), 5u);
    for (int e = 0; e < 5; ++e) EXPECT_EQ(resumed.history[e].error_sum, uninterrupted.history[e].error_sum) << e;
    EXPECT_EQ(load_rbm(full.options.out).W, load_rbm(second.options.out).W);
  }
}

TEST(RbmTrainer, InterruptionSavesACheckpointAndLosesNothing) {
  const auto dir = test::temp_dir();
  SmallRun reference(dir / "ref.safetensors", 4);
  const RbmTrainingResult expected = reference.run(reference.fresh());

  SmallRun interrupted(dir / "int.safetensors", 4);
  interrupted.options.checkpoint_every = 0;  // only the interruption writes a checkpoint
  const RbmTrainingResult partial = interrupted.run(interrupted.fresh(), [](const EpochRecord& r) {
    if (r.epoch == 1) InterruptGuard::request();  // as if Ctrl-C arrived during epoch 1
  });
  EXPECT_TRUE(partial.interrupted);
  EXPECT_EQ(partial.state.epochs_done, 2);
  EXPECT_FALSE(std::filesystem::exists(interrupted.options.out)) << "no final model for an interrupted run";
  const RbmCheckpoint ck = load_checkpoint(checkpoint_path(interrupted.options.out));
  EXPECT_EQ(ck.state.epochs_done, 2);
  const RbmTrainingResult finished = interrupted.run(ck);
  EXPECT_FALSE(finished.interrupted);
  expect_same_bits(expected.state, finished.state);
}

TEST(RbmTrainer, WritesErrorLogAndModelMetadata) {
  const auto dir = test::temp_dir();
  SmallRun run(dir / "m.safetensors", 3);
  const RbmTrainingResult result = run.run(run.fresh());
  std::ifstream csv(training_log_path(run.options.out));
  std::string header, line;
  std::getline(csv, header);
  EXPECT_EQ(header, "epoch,momentum,sum_sqrt_batch_sse,rmse_per_pixel,seconds");
  int rows = 0;
  while (std::getline(csv, line)) ++rows;
  EXPECT_EQ(rows, 3);
  std::map<std::string, std::string> meta;
  load_rbm(run.options.out, &meta);
  EXPECT_EQ(meta.at("epochs_trained"), "3");
  EXPECT_EQ(meta.at("seed"), "77");
  EXPECT_NE(meta.at("training_config").find("\"batch_size\":25"), std::string::npos);
  // Per-pixel RMSE and the paper's summed figure describe the same SSE: 4 batches of 25 samples.
  const EpochRecord& r = result.history.back();
  EXPECT_GT(r.error_sum, 0);
  EXPECT_LE(r.rmse * r.rmse * 100 * 20, r.error_sum * r.error_sum + 1e-9);
  EXPECT_EQ(result.history[0].momentum, 0.5f);
  EXPECT_EQ(result.history[2].momentum, 0.9f);
}

TEST(RbmTrainer, ResumeRefusesChangedOptionsAndBadCheckpoints) {
  const auto dir = test::temp_dir();
  SmallRun run(dir / "m.safetensors", 2);
  run.run(run.fresh());
  SmallRun changed(dir / "m.safetensors", 4);
  changed.options.config.lr_weights = 0.05f;
  EXPECT_THROW(changed.run(load_checkpoint(checkpoint_path(run.options.out))), InputError);

  // A model file is not a checkpoint.
  EXPECT_THROW(load_checkpoint(run.options.out), InputError);
  // A checkpoint whose increments hold NaN is rejected, naming the tensor.
  SafetensorsFile f = load_safetensors(checkpoint_path(run.options.out));
  std::vector<float> dW = f.get_f32("dW", {20, 16}, "x");
  dW[5] = std::numeric_limits<float>::quiet_NaN();
  f.put_f32("dW", dW, {20, 16});
  save_safetensors(dir / "nan.safetensors", f);
  try {
    load_checkpoint(dir / "nan.safetensors");
    FAIL() << "NaN accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'dW'"), std::string::npos) << e.what();
  }
}

TEST(RbmTrainer, CheckpointMetadataIsCheckedAndNamesTheFile) {
  const auto dir = test::temp_dir();
  SmallRun run(dir / "m.safetensors", 1);
  run.run(run.fresh());
  const SafetensorsFile good = load_safetensors(checkpoint_path(run.options.out));
  const nlohmann::json config = nlohmann::json::parse(good.metadata.at("training_config"));
  auto expect_refused = [&](const std::string& key, const std::string& value, const std::string& fragment) {
    SafetensorsFile f = good;
    f.metadata[key] = value;
    const auto path = dir / "edited.safetensors";
    save_safetensors(path, f);
    try {
      load_checkpoint(path);
      ADD_FAILURE() << "accepted " << key << " = " << value;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(path.string() + ": "), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  nlohmann::json bad = config;
  bad["batch_size"] = 1e300;  // a float-to-int cast with undefined behaviour before
  expect_refused("training_config", bad.dump(), "expected an integer, got 1e+300");
  bad["batch_size"] = 1LL << 40;  // silently truncated to an int before
  expect_refused("training_config", bad.dump(), "integer 1099511627776 is out of range");
  bad["batch_size"] = 0;  // accepted at load before; the trainer then blamed --batch-size
  expect_refused("training_config", bad.dump(), "recorded training_config is invalid: `batch_size` 0");
  expect_refused("history", R"([{"epoch": 0.5, "momentum": 0.5, "error_sum": 1, "rmse": 1, "seconds": 1}])",
                 "expected an integer, got 0.5");
}

}  // namespace
}  // namespace rbmdyn
