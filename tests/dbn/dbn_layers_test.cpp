// The deep-model training layers (host/rbm/dbn_layer.hpp) on the CPU: a run of batches hands up P0 of
// the parameters before each update (iDBN) or σ(X·W + b_h) after it (gDBN), row by row where the batch
// lives; store() copies the parameters but keeps the trainer's epoch counts; inputs round-trip; and the
// CUDA layers / the deep CUDA Gibbs engine refuse clearly where no device is usable.
#include <gtest/gtest.h>

#include "host/core/error.hpp"
#include "host/gibbs/dbn_gibbs_engine.hpp"
#include "host/rbm/dbn_layer_cpu.hpp"
#include "host/rbm/dbn_trainer.hpp"
#include "tests/rbm/cd1_reference.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

DbnConfig tiny() {
  DbnConfig c;
  c.sizes = {6, 5, 4};
  c.cd1.batch_size = 4;
  c.cd1.seed = 12;
  c.cd1.lr_weights = c.cd1.lr_visible_bias = c.cd1.lr_hidden_bias = 0.2f;
  return c;
}

std::vector<float> rows(const std::vector<float>& m, int64_t width, int64_t first, int64_t count) {
  return std::vector<float>(m.begin() + first * width, m.begin() + (first + count) * width);
}

TEST(DbnLayers, PassUpWritesTheBatchRowsBeforeOrAfterTheUpdate) {
  const DbnConfig c = tiny();
  const int64_t n = 16;
  const std::vector<float> data = test::random_unit_data(n, 6, 2);
  const DbnCheckpoint start = fresh_dbn_checkpoint(c, n);
  auto layers = make_dbn_layers(Backend::cpu, c, start.layers, data.data(), n);
  EXPECT_EQ(layers->backend(), Backend::cpu);
  EXPECT_EQ(layers->input(2), std::vector<float>(16 * 5, 0.0f));

  // Batch 2 first: its P0 uses the initial parameters.
  const int32_t first_batch = 2;
  const double sse = layers->train(1, &first_batch, 1, 0, PassUp::before_update);
  EXPECT_GT(sse, 0.0);
  std::vector<float> want(4 * 5);
  rbm_up_cpu(start.layers[0].rbm, data.data() + 8 * 6, 4, want.data());
  const std::vector<float> X2 = layers->input(2);
  EXPECT_LT(test::max_abs_diff(rows(X2, 5, 8, 4), want), 1e-6);
  EXPECT_EQ(rows(X2, 5, 0, 8), std::vector<float>(8 * 5, 0.0f));  // untouched batches stay zero

  // After the update: σ(X·W + b_h) with the parameters it produced.
  const int32_t second_batch = 0;
  layers->train(1, &second_batch, 1, 0, PassUp::after_update);
  std::vector<Cd1State> now = start.layers;
  now[0].epochs_done = 7;
  layers->store(now);
  EXPECT_EQ(now[0].epochs_done, 7);  // the trainer's count is kept
  EXPECT_NE(now[0].rbm.W, start.layers[0].rbm.W);
  EXPECT_EQ(now[1].rbm.W, start.layers[1].rbm.W);  // layer 2 has not trained
  rbm_up_cpu(now[0].rbm, data.data(), 4, want.data());
  EXPECT_LT(test::max_abs_diff(rows(layers->input(2), 5, 0, 4), want), 1e-6);
}

TEST(DbnLayers, InputsRoundTripAndWrongSizesAreRefused) {
  const DbnConfig c = tiny();
  const std::vector<float> data = test::random_unit_data(8, 6, 3);
  auto layers = make_dbn_layers(Backend::cpu, c, fresh_dbn_checkpoint(c, 8).layers, data.data(), 8);
  const std::vector<float> x = test::random_unit_data(8, 5, 4);
  layers->set_input(2, x);
  EXPECT_EQ(layers->input(2), x);
  EXPECT_THROW(layers->set_input(2, std::vector<float>(3)), Error);
}

// The sizes the CUDA twins check against the device's free memory before allocating, counted by hand.
TEST(DbnLayers, DeviceMemoryNeedsAreCountedBufferByBuffer) {
  // 6-5-4, B = 4, 8 images: X_1 8·6 + X_2 8·5 = 88; W, dW and biases 2·(30 + 6 + 5) + 2·(20 + 5 + 4) = 140;
  // workspace 5·4·6 = 120 → 348 floats = 1392 bytes, + 8 rows × (4 + 8) bytes = 1488.
  EXPECT_DOUBLE_EQ(dbn_layers_device_bytes(tiny(), 8), 1488.0);
  // Deep chains through 6-5-4, 3 chains, 7 steps, 2 kept visible steps, every top state kept:
  // 3 · (15 + 7·2 + 2·6 + 7·4) = 207 floats = 828 bytes; without the top states 3 · 41 · 4 = 492.
  GibbsOptions o;
  o.steps = 7;
  o.keep_hidden_states = true;
  EXPECT_DOUBLE_EQ(dbn_gibbs_device_bytes({6, 5, 4}, 3, 2, o), 828.0);
  o.keep_hidden_states = false;
  EXPECT_DOUBLE_EQ(dbn_gibbs_device_bytes({6, 5, 4}, 3, 2, o), 492.0);
}

TEST(DbnLayers, CudaBackendsRefuseWithoutAUsableDevice) {
  if (cuda_device_count() > 0) GTEST_SKIP() << "a CUDA device is present (tests/gpu covers it)";
  const DbnConfig c = tiny();
  const std::vector<float> data = test::random_unit_data(8, 6, 3);
  const auto layers = [&] { make_dbn_layers(Backend::cuda, c, fresh_dbn_checkpoint(c, 8).layers, data.data(), 8); };
  EXPECT_THROW(
      {
        try {
          layers();
        } catch (const InputError& e) {
          EXPECT_NE(std::string(e.what()).find("`device` cuda"), std::string::npos) << e.what();
          throw;
        }
      },
      InputError);
  const RbmStack stack = RbmStack::initialized({6, 5, 4}, 1, 0.1f);
  EXPECT_THROW(make_dbn_gibbs_engine(Backend::cuda, stack, DeepStep::sweep), InputError);
  DbnTrainingOptions o;
  o.config = c;
  o.backend = Backend::cuda;
  o.progress = false;
  o.out = test::temp_dir() / "refused.safetensors";
  EXPECT_THROW(train_dbn(data.data(), 8, o, fresh_dbn_checkpoint(c, 8)), InputError);
  EXPECT_FALSE(std::filesystem::exists(o.out));
}

}  // namespace
}  // namespace rbmdyn
