// The CUDA CD-1 engine against its CPU twin (label gpu; skipped without a device).
//
// Tolerances: both engines compute the per-element math with the same functions and draw the same
// uniforms, so they differ only by the summation order inside the GEMMs (cuBLAS vs OpenBLAS), ~1e-7
// relative. A hidden draw flips only if its uniform falls within that distance of p: expected
// ~0.01 flips per update of 125×1000 draws. One update therefore agrees to ~1e-6 everywhere; a flip
// would move one row's contribution by at most ε/B ≈ 1e-3, which the max bound tolerates and the
// mean bound still catches a systematic error.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "host/data/mnist.hpp"
#include "host/rbm/cd1_engine_cpu.hpp"
#include "host/rbm/dbn_config.hpp"
#include "host/runtime/device_buffer.hpp"
#include "tests/rbm/cd1_reference.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

double mean_abs_diff(const std::vector<float>& a, const std::vector<float>& b) {
  double s = 0;
  for (std::size_t k = 0; k < a.size(); ++k) s += std::abs(static_cast<double>(a[k]) - b[k]);
  return s / static_cast<double>(a.size());
}

// The RBM recipe (mean-field V1, layer 0) and the deep models' (binary V1 from the cd1_visible draws,
// the second RBM's stream_b, as host/rbm/dbn_layer_cuda.cpp trains it).
TEST(Cd1Cuda, OneUpdateMatchesTheCpuTwin) {
  RBMDYN_REQUIRE_GPU();
  Cd1Config deep = deep_cd1_defaults();
  deep.n_hidden = 1000;
  deep.stream_layer = 1;
  for (Cd1Config config : {Cd1Config{}, deep}) {
    SCOPED_TRACE(negative_visible_name(config.negative_visible));
    config.batch_size = 125;
    const int64_t n = 125;
    const std::vector<float> data = test::random_unit_data(n, 784, 3);
    Cd1State start = Cd1State::fresh(784, config);
    auto cpu = make_cd1_engine(Backend::cpu, config, start, data.data(), n);
    auto gpu = make_cd1_engine(Backend::cuda, config, start, data.data(), n);
    const std::vector<int32_t> order = cd1_epoch_order(config, n, 0);
    const Cd1Errors e_cpu = cpu->train_epoch(0, order);
    const Cd1Errors e_gpu = gpu->train_epoch(0, order);
    EXPECT_NEAR(e_gpu.sse, e_cpu.sse, 1e-4 * e_cpu.sse);
    const Cd1State a = cpu->state(), b = gpu->state();
    EXPECT_LT(test::max_abs_diff(a.rbm.W, b.rbm.W), 2e-3);
    EXPECT_LT(mean_abs_diff(a.rbm.W, b.rbm.W), 1e-6);
    EXPECT_LT(mean_abs_diff(a.dW, b.dW), 1e-6);
    EXPECT_LT(test::max_abs_diff(a.rbm.b_v, b.rbm.b_v), 2e-3);
    EXPECT_LT(test::max_abs_diff(a.rbm.b_h, b.rbm.b_h), 2e-3);
    EXPECT_EQ(b.epochs_done, 1);
  }
}

// A few epochs on an MNIST subset (or random data without MNIST): the error curves agree closely and
// the weights stay close (trajectories may separate slowly through rare draw flips).
TEST(Cd1Cuda, FewEpochsTrackTheCpuTwin) {
  RBMDYN_REQUIRE_GPU();
  Cd1Config config;
  const int64_t n = 2000;
  std::vector<float> data;
  if (const auto dir = test::mnist_dir(); !dir.empty())
    data = load_mnist(dir, "train").split.to_unit_float(0, n);
  else
    data = test::random_unit_data(n, 784, 9);
  Cd1State start = Cd1State::fresh(784, config);
  auto cpu = make_cd1_engine(Backend::cpu, config, start, data.data(), n);
  auto gpu = make_cd1_engine(Backend::cuda, config, start, data.data(), n);
  for (int epoch = 0; epoch < 3; ++epoch) {
    const auto order = cd1_epoch_order(config, n, epoch);
    const Cd1Errors e_cpu = cpu->train_epoch(epoch, order);
    const Cd1Errors e_gpu = gpu->train_epoch(epoch, order);
    EXPECT_NEAR(e_gpu.sum_batch_error, e_cpu.sum_batch_error, 2e-3 * e_cpu.sum_batch_error) << "epoch " << epoch;
  }
  const Cd1State a = cpu->state(), b = gpu->state();
  double diff = 0, norm = 0;
  for (std::size_t k = 0; k < a.rbm.W.size(); ++k) {
    diff += (static_cast<double>(a.rbm.W[k]) - b.rbm.W[k]) * (static_cast<double>(a.rbm.W[k]) - b.rbm.W[k]);
    norm += static_cast<double>(a.rbm.W[k]) * a.rbm.W[k];
  }
  EXPECT_LT(std::sqrt(diff / norm), 1e-2);
}

// The CUDA engine is resumable: state() after an epoch seeds a new engine that continues identically
// to one that kept running (the epoch graph reads epoch and momentum from device memory).
TEST(Cd1Cuda, RestartFromStateContinuesIdentically) {
  RBMDYN_REQUIRE_GPU();
  Cd1Config config;
  config.momentum_switch_epoch = 1;
  const int64_t n = 500;
  const std::vector<float> data = test::random_unit_data(n, 784, 4);
  auto running = make_cd1_engine(Backend::cuda, config, Cd1State::fresh(784, config), data.data(), n);
  running->train_epoch(0, cd1_epoch_order(config, n, 0));
  auto restarted = make_cd1_engine(Backend::cuda, config, running->state(), data.data(), n);
  running->train_epoch(1, cd1_epoch_order(config, n, 1));
  restarted->train_epoch(1, cd1_epoch_order(config, n, 1));
  EXPECT_EQ(running->state().rbm.W, restarted->state().rbm.W);
}

// The CD-1 GEMMs take beta from device memory (one graph serves every epoch), so cuBLAS reads their
// outputs even where beta is 0, and 0·NaN = NaN: stale NaN in freshly allocated memory must not reach
// the update (the engine zeroes those buffers once). The driver tends to hand back memory just freed,
// so a large block poisoned with NaN and freed first makes stale NaN likely in the engine's buffers.
TEST(Cd1Cuda, StaleNanInFreshDeviceMemoryDoesNotReachTheUpdate) {
  RBMDYN_REQUIRE_GPU();
  {
    DeviceBuffer<float> poison(std::size_t{256} << 20);  // 1 GiB
    ASSERT_EQ(cudaMemset(poison.data(), 0xFF, poison.bytes()), cudaSuccess);  // 0xFFFFFFFF is a NaN
    ASSERT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  }
  Cd1Config config;
  const int64_t n = 250;
  const std::vector<float> data = test::random_unit_data(n, 784, 6);
  auto engine = make_cd1_engine(Backend::cuda, config, Cd1State::fresh(784, config), data.data(), n);
  const Cd1Errors e = engine->train_epoch(0, cd1_epoch_order(config, n, 0));
  EXPECT_TRUE(std::isfinite(e.sse));
  const Cd1State s = engine->state();
  for (const std::vector<float>* v : {&s.rbm.W, &s.rbm.b_v, &s.rbm.b_h, &s.dW})
    EXPECT_TRUE(std::all_of(v->begin(), v->end(), [](float x) { return std::isfinite(x); }));
}

}  // namespace
}  // namespace rbmdyn
