// The CUDA twins of the deep models against the CPU (label gpu; skipped without a device): the deep
// Gibbs engine (host/gibbs/dbn_gibbs_engine_cuda.cpp) and the training layers (host/rbm/dbn_layer_cuda.cpp).
//
// Both sides use the same per-element functions and the same Philox coordinates, so they differ only by
// the GEMMs' summation order (cuBLAS vs OpenBLAS). Where every product is exact in float (binary states,
// weights on a 1/256 grid or integers, see the stacks below) the trajectories must be bit-identical.
// Otherwise a pre-activation differs by ~1e-7 relative and a draw flips only when its uniform lies that
// close to p (≈ 1e-7 per draw), after which that one chain follows another valid trajectory: at most 2 of
// 32 chains may leave the CPU one, and until then probabilities agree to 1e-5. Training: as Cd1Cuda
// (tests/gpu/cd1_cuda_test.cpp), a few updates agree to 2e-3 in every parameter.
#include <gtest/gtest.h>

#include <cmath>

#include "host/gibbs/dbn_gibbs_engine.hpp"
#include "host/rbm/dbn_layer.hpp"
#include "host/rbm/dbn_trainer.hpp"
#include "tests/gpu/device_copy_sink.hpp"
#include "tests/rbm/cd1_reference.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

// Weights k/256 with |k| ≤ 255, biases j/16: with binary inputs every partial sum is exact in float.
RbmStack grid_stack(const std::vector<int64_t>& sizes) {
  RbmStack s = RbmStack::initialized(sizes, 1, 0.1f);
  for (std::size_t l = 0; l < s.layers.size(); ++l) {
    Rbm& r = s.layers[l];
    for (std::size_t i = 0; i < r.W.size(); ++i)
      r.W[i] = static_cast<float>(static_cast<int>(((i + 97 * l) * 2654435761u) % 511u) - 255) / 256.0f;
    for (std::size_t i = 0; i < r.b_v.size(); ++i) r.b_v[i] = static_cast<float>(static_cast<int>(i % 9) - 4) / 16.0f;
    for (std::size_t j = 0; j < r.b_h.size(); ++j) r.b_h[j] = static_cast<float>(static_cast<int>(j % 7) - 3) / 16.0f;
  }
  return s;
}

// The grid stack with an integer first RBM: W_1 ∈ {−200, 0, 200} (mostly 0), b_v = ±100, so every
// visible pre-activation is an odd multiple of 100 and v = σ(·) is exactly 0 or 1; the sweep's up pass
// from v is then exact too, while hidden units whose W_1 column meets no active pixel keep random draws.
RbmStack binary_visible_stack(const std::vector<int64_t>& sizes) {
  RbmStack s = grid_stack(sizes);
  Rbm& r = s.layers.front();
  for (std::size_t i = 0; i < r.W.size(); ++i) {
    const unsigned k = static_cast<unsigned>(i * 2654435761u) % 13u;
    r.W[i] = k == 0 ? 200.0f : (k == 1 ? -200.0f : 0.0f);
  }
  for (std::size_t i = 0; i < r.b_v.size(); ++i) r.b_v[i] = i % 3 == 0 ? 100.0f : -100.0f;
  return s;
}

std::vector<float> binary_start(int64_t N, int64_t n) {
  std::vector<float> start(static_cast<std::size_t>(N * n));
  for (std::size_t i = 0; i < start.size(); ++i) start[i] = ((i * 7) % 5 == 0) ? 1.0f : 0.0f;
  return start;
}

void expect_identical(const GibbsResult& gpu, const GibbsResult& cpu) {
  EXPECT_EQ(gpu.visible, cpu.visible);
  EXPECT_EQ(gpu.hidden, cpu.hidden);
  EXPECT_EQ(gpu.activity, cpu.activity);
  EXPECT_EQ(gpu.layer_activity, cpu.layer_activity);
  EXPECT_EQ(gpu.kept_steps, cpu.kept_steps);
  EXPECT_EQ(gpu.depth, cpu.depth);
}

TEST(DbnGibbsCuda, ExactArithmeticGivesIdenticalTrajectories) {
  RBMDYN_REQUIRE_GPU();
  const int64_t N = 48;
  GibbsOptions o;
  o.steps = 9;
  o.seed = 41;
  o.chain_offset = 300;
  o.chains_per_vector = 7;
  o.keep_hidden_states = true;
  for (DeepStep step : {DeepStep::top_gibbs, DeepStep::sweep}) {
    const RbmStack stack =
        step == DeepStep::sweep ? binary_visible_stack({40, 30, 24, 20}) : grid_stack({40, 30, 24, 20});
    const std::vector<float> start = binary_start(N, 20);
    const GibbsResult cpu = make_dbn_gibbs_engine(Backend::cpu, stack, step)->run(start.data(), N, o);
    const GibbsResult gpu = make_dbn_gibbs_engine(Backend::cuda, stack, step)->run(start.data(), N, o);
    SCOPED_TRACE(deep_step_name(step));
    expect_identical(gpu, cpu);
    // Not a trivial run: some layer-1 activity varies over the steps.
    bool varies = false;
    for (int t = 1; t < o.steps; ++t)
      varies |= cpu.layer_activity[static_cast<std::size_t>(t * 3)] != cpu.layer_activity[0];
    EXPECT_TRUE(varies);
  }
}

TEST(DbnGibbsCuda, RealisticStackTracksTheCpuTwin) {
  RBMDYN_REQUIRE_GPU();
  const int64_t N = 32, nt = 120;
  const int steps = 8;
  const RbmStack stack = RbmStack::initialized({784, 200, 150, nt}, 4, 0.1f);
  std::vector<float> start(static_cast<std::size_t>(N * nt));
  for (std::size_t i = 0; i < start.size(); ++i) start[i] = static_cast<float>((i * 37) % 101) / 350.0f;
  GibbsOptions o;
  o.steps = steps;
  o.seed = 3;
  o.chains_per_vector = 4;
  o.keep_hidden_states = true;
  const GibbsResult cpu = make_dbn_gibbs_engine(Backend::cpu, stack, DeepStep::sweep)->run(start.data(), N, o);
  const GibbsResult gpu = make_dbn_gibbs_engine(Backend::cuda, stack, DeepStep::sweep)->run(start.data(), N, o);
  ASSERT_EQ(gpu.layer_activity.size(), cpu.layer_activity.size());
  int diverged = 0;
  for (int64_t c = 0; c < N; ++c) {
    for (int t = 0; t < steps; ++t) {
      bool same = true;
      for (int l = 0; l < 3; ++l) {
        const auto at = static_cast<std::size_t>((c * steps + t) * 3 + l);
        same &= gpu.layer_activity[at] == cpu.layer_activity[at];
      }
      for (int64_t j = 0; j < nt; ++j) {
        const auto at = static_cast<std::size_t>((c * steps + t) * nt + j);
        same &= gpu.hidden[at] == cpu.hidden[at];
      }
      if (!same) {
        ++diverged;
        break;
      }
      double worst = 0.0;  // same samples → visible probabilities equal up to GEMM rounding
      for (int64_t i = 0; i < 784; ++i) {
        const auto at = static_cast<std::size_t>((c * steps + t) * 784 + i);
        worst = std::max(worst, static_cast<double>(std::abs(gpu.visible[at] - cpu.visible[at])));
      }
      EXPECT_LT(worst, 1e-5) << "chain " << c << " step " << t;
    }
  }
  EXPECT_LE(diverged, 2) << "chains whose GPU trajectory left the CPU one";
}

TEST(DbnGibbsCuda, OneLayerStackIsTheRbmCudaEngine) {
  RBMDYN_REQUIRE_GPU();
  RbmStack stack = RbmStack::initialized({300, 120}, 6, 0.2f);
  const int64_t N = 21;
  std::vector<float> start(static_cast<std::size_t>(N * 120));
  for (std::size_t k = 0; k < start.size(); ++k) start[k] = static_cast<float>((k * 7) % 10) / 10.0f;
  GibbsOptions o;
  o.steps = 6;
  o.seed = 99;
  o.chain_offset = 40;
  o.chains_per_vector = 5;
  o.keep_hidden_states = true;
  const GibbsResult want = make_gibbs_engine(Backend::cuda, stack.top())->run(start.data(), N, o);
  const GibbsResult got = make_dbn_gibbs_engine(Backend::cuda, stack, DeepStep::sweep)->run(start.data(), N, o);
  EXPECT_EQ(got.visible, want.visible);
  EXPECT_EQ(got.activity, want.activity);
  EXPECT_EQ(got.hidden, want.hidden);
  EXPECT_EQ(got.layer_activity, want.activity);  // one layer: the top
}

TEST(DbnGibbsCuda, GraphReplayAndSinkPathGiveTheSameRun) {
  RBMDYN_REQUIRE_GPU();
  const int64_t N = 16;
  const RbmStack stack = RbmStack::initialized({100, 80, 60}, 8, 0.1f);
  GibbsOptions o;
  o.steps = 5;
  for (DeepStep step : {DeepStep::sweep, DeepStep::top_gibbs}) {
    SCOPED_TRACE(deep_step_name(step));
    test::expect_replay_and_sink_agree(*make_dbn_gibbs_engine(Backend::cuda, stack, step),
                                       std::vector<float>(static_cast<std::size_t>(N * 60), 0.2f), N, o);
  }
}

// ---- training ----

DbnConfig small_config(DbnAlgorithm algorithm) {
  DbnConfig c;
  c.sizes = {784, 120, 90};
  c.algorithm = algorithm;
  c.cd1.batch_size = 50;
  c.cd1.epochs = 3;
  c.cd1.seed = 17;
  c.cd1.lr_weights = c.cd1.lr_visible_bias = c.cd1.lr_hidden_bias = 0.05f;
  return c;
}

TEST(DbnTrainingCuda, LayerUpdatesAndPassUpTrackTheCpuTwin) {
  RBMDYN_REQUIRE_GPU();
  const DbnConfig c = small_config(DbnAlgorithm::iterative);
  const int64_t n = 200;
  const std::vector<float> data = test::random_unit_data(n, 784, 5);
  const DbnCheckpoint start = fresh_dbn_checkpoint(c, n);
  auto cpu = make_dbn_layers(Backend::cpu, c, start.layers, data.data(), n);
  auto gpu = make_dbn_layers(Backend::cuda, c, start.layers, data.data(), n);
  const std::vector<int32_t> batches{2, 0, 3, 1};
  for (int epoch : {0, 1}) {
    // Layer 1 hands up P0 (iDBN), layer 2 then trains on it; a last run passes up after the update (gDBN).
    const double s1c = cpu->train(1, batches.data(), 4, epoch, PassUp::before_update);
    const double s1g = gpu->train(1, batches.data(), 4, epoch, PassUp::before_update);
    EXPECT_NEAR(s1g, s1c, 1e-4 * s1c) << "epoch " << epoch;
    const double s2c = cpu->train(2, batches.data(), 4, epoch, PassUp::none);
    const double s2g = gpu->train(2, batches.data(), 4, epoch, PassUp::none);
    EXPECT_NEAR(s2g, s2c, 1e-4 * s2c) << "epoch " << epoch;
  }
  EXPECT_LT(test::max_abs_diff(gpu->input(2), cpu->input(2)), 1e-5);
  cpu->train(1, batches.data() + 1, 2, 2, PassUp::after_update);
  gpu->train(1, batches.data() + 1, 2, 2, PassUp::after_update);
  EXPECT_LT(test::max_abs_diff(gpu->input(2), cpu->input(2)), 1e-5);
  std::vector<Cd1State> a = start.layers, b = start.layers;
  cpu->store(a);
  gpu->store(b);
  for (std::size_t l = 0; l < 2; ++l) {
    SCOPED_TRACE("layer " + std::to_string(l + 1));
    EXPECT_NE(a[l].rbm.W, start.layers[l].rbm.W);  // it trained
    EXPECT_LT(test::max_abs_diff(b[l].rbm.W, a[l].rbm.W), 2e-3);
    EXPECT_LT(test::max_abs_diff(b[l].rbm.b_v, a[l].rbm.b_v), 2e-3);
    EXPECT_LT(test::max_abs_diff(b[l].rbm.b_h, a[l].rbm.b_h), 2e-3);
    EXPECT_LT(test::max_abs_diff(b[l].dW, a[l].dW), 2e-3);
  }
}

TEST(DbnTrainingCuda, TrainDbnOnTheGpuTracksTheCpuAndResumesExactly) {
  RBMDYN_REQUIRE_GPU();
  const int64_t n = 150;
  const std::vector<float> data = test::random_unit_data(n, 784, 8);
  for (DbnAlgorithm a : {DbnAlgorithm::iterative, DbnAlgorithm::greedy}) {
    SCOPED_TRACE(dbn_algorithm_name(a));
    DbnTrainingOptions o;
    o.config = small_config(a);
    o.progress = false;
    o.checkpoint_every = 1;
    o.out = test::temp_dir() / "cpu.safetensors";
    const DbnTrainingResult cpu = train_dbn(data.data(), n, o, fresh_dbn_checkpoint(o.config, n));
    o.backend = Backend::cuda;
    o.out = test::temp_dir() / "gpu.safetensors";
    std::vector<DbnCheckpoint> mid;
    const DbnTrainingResult gpu =
        train_dbn(data.data(), n, o, fresh_dbn_checkpoint(o.config, n), [&](const DbnEpochRecord& r) {
          if (mid.empty() && r.layer == 2 && r.epoch == 1)
            mid.push_back(load_dbn_checkpoint(dbn_checkpoint_path(o.out)));
        });
    ASSERT_EQ(gpu.history.size(), cpu.history.size());
    for (std::size_t k = 0; k < cpu.history.size(); ++k)
      EXPECT_NEAR(gpu.history[k].mse, cpu.history[k].mse, 2e-3 * cpu.history[k].mse) << "record " << k;
    for (std::size_t l = 0; l < 2; ++l)
      EXPECT_LT(test::max_abs_diff(gpu.stack.layers[l].W, cpu.stack.layers[l].W), 5e-3);
    // Resumed on the GPU from a mid-run checkpoint: the GPU run is deterministic, so bit for bit.
    ASSERT_EQ(mid.size(), 1u);
    o.out = test::temp_dir() / "gpu2.safetensors";
    const DbnTrainingResult resumed = train_dbn(data.data(), n, o, mid[0]);
    for (std::size_t l = 0; l < 2; ++l)
      EXPECT_EQ(resumed.stack.layers[l].W, gpu.stack.layers[l].W) << "layer " << l + 1;
  }
}

}  // namespace
}  // namespace rbmdyn
