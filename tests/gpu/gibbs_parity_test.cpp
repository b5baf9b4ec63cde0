// The CUDA Gibbs engine against its CPU twin (label gpu; skipped without a device).
//
// Both engines use the same per-element functions (host/ops/gibbs_math.hpp) and draw the same
// uniforms at (seed, purpose, global chain, step, unit), so they can differ only through the GEMMs'
// summation order. The first test removes that difference (binary states, weights on a 1/256 grid: every
// partial sum is exact in float), so the trajectories must be bit-identical. The second uses a
// realistic RBM: a pre-activation then differs by ~1e-7 relative, and a hidden draw flips only when
// its uniform lies that close to p (≈ 0.03 expected flips in 3.2e5 draws), after which that one chain
// follows another (equally valid) trajectory.
#include <gtest/gtest.h>

#include <cmath>
#include <cuda_runtime.h>

#include "host/gibbs/gibbs_engine.hpp"
#include "tests/gpu/device_copy_sink.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

Rbm grid_rbm(int64_t nv, int64_t nh) {
  Rbm rbm = Rbm::zeros(nv, nh);
  for (std::size_t i = 0; i < rbm.W.size(); ++i)
    rbm.W[i] = static_cast<float>(static_cast<int>((i * 2654435761u) % 511u) - 255) / 256.0f;
  for (int64_t i = 0; i < nv; ++i) rbm.b_v[static_cast<std::size_t>(i)] = static_cast<float>(i % 9 - 4) / 16.0f;
  for (int64_t j = 0; j < nh; ++j) rbm.b_h[static_cast<std::size_t>(j)] = static_cast<float>(j % 7 - 3) / 16.0f;
  return rbm;
}

TEST(GibbsCuda, ExactArithmeticGivesIdenticalTrajectories) {
  RBMDYN_REQUIRE_GPU();
  const int64_t nv = 50, nh = 40, N = 64;
  const Rbm rbm = grid_rbm(nv, nh);
  std::vector<float> start(static_cast<std::size_t>(N * nh));
  for (std::size_t i = 0; i < start.size(); ++i) start[i] = ((i * 7) % 5 == 0) ? 1.0f : 0.0f;
  GibbsOptions o;
  o.steps = 12;
  o.visible_mode = VisibleMode::sampled;
  o.seed = 99;
  o.chain_offset = 300;
  o.keep_hidden_states = true;
  const GibbsResult cpu = make_gibbs_engine(Backend::cpu, rbm)->run(start.data(), N, o);
  const GibbsResult gpu = make_gibbs_engine(Backend::cuda, rbm)->run(start.data(), N, o);
  EXPECT_EQ(gpu.hidden, cpu.hidden);
  EXPECT_EQ(gpu.visible, cpu.visible);
  EXPECT_EQ(gpu.activity, cpu.activity);
}

TEST(GibbsCuda, MeanFieldTrajectoriesMatchTheCpuTwin) {
  RBMDYN_REQUIRE_GPU();
  const int64_t N = 32;
  const int steps = 10;
  const Rbm rbm = Rbm::initialized(784, 1000, 4, 0.1f);
  std::vector<float> start(static_cast<std::size_t>(N * 1000));
  for (std::size_t i = 0; i < start.size(); ++i) start[i] = static_cast<float>((i * 37) % 101) / 350.0f;
  GibbsOptions o;
  o.steps = steps;
  o.seed = 3;
  o.keep_hidden_states = true;
  const GibbsResult cpu = make_gibbs_engine(Backend::cpu, rbm)->run(start.data(), N, o);
  const GibbsResult gpu = make_gibbs_engine(Backend::cuda, rbm)->run(start.data(), N, o);
  int diverged = 0;
  for (int64_t c = 0; c < N; ++c) {
    bool same = true;
    for (int t = 0; t < steps && same; ++t) {
      for (int64_t j = 0; j < 1000; ++j)
        same &= gpu.hidden[static_cast<std::size_t>((c * steps + t) * 1000 + j)] ==
                cpu.hidden[static_cast<std::size_t>((c * steps + t) * 1000 + j)];
      if (!same) break;
      // Same hidden state → visible probabilities equal up to GEMM rounding.
      double worst = 0.0;
      for (int64_t i = 0; i < 784; ++i) {
        const std::size_t at = static_cast<std::size_t>((c * steps + t) * 784 + i);
        worst = std::max(worst, static_cast<double>(std::abs(gpu.visible[at] - cpu.visible[at])));
      }
      EXPECT_LT(worst, 1e-5) << "chain " << c << " step " << t;
      EXPECT_EQ(gpu.activity[static_cast<std::size_t>(c * steps + t)], cpu.activity[static_cast<std::size_t>(c * steps + t)]);
    }
    diverged += same ? 0 : 1;
  }
  EXPECT_LE(diverged, 2) << "chains whose GPU trajectory left the CPU one";
}

TEST(GibbsCuda, GraphReplayAndSinkPathGiveTheSameRun) {
  RBMDYN_REQUIRE_GPU();
  const int64_t N = 16;
  const Rbm rbm = Rbm::initialized(784, 200, 8, 0.1f);
  GibbsOptions o;
  o.steps = 5;
  test::expect_replay_and_sink_agree(*make_gibbs_engine(Backend::cuda, rbm),
                                     std::vector<float>(static_cast<std::size_t>(N * 200), 0.2f), N, o);
}

}  // namespace
}  // namespace rbmdyn
