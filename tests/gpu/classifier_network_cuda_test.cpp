// The cuDNN classifier network (host/classifier/network_cuda.hpp, network_host_cuda.cpp) against the CPU
// network (label gpu; skipped without a device): SGD steps with the same dropout draws, the device-side batch loop
// (enqueued steps, statistics taken once) against synchronous steps, and predict() for a count that
// is not a multiple of the internal eval batch.
//
// Tolerances: fp32 + deterministic cuDNN algorithms; the engines differ by summation order inside
// cuDNN/cuBLAS and the CPU's im2col GEMMs (≈1e-7 relative per sum, amplified by BatchNorm over a few
// steps), so parameters agree to 1e-4 of each tensor's scale. Different dropout draws would change
// which units learn and move the parameters by O(lr) ≈ 1e-2 relative, far outside that bound.
#include <gtest/gtest.h>

#include <vector>

#include "host/classifier/network.hpp"
#include "host/core/random.hpp"
#include "tests/gpu/classifier_test_arch.hpp"
#include "tests/gpu/gpu_compare.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

constexpr int64_t kBatch = 32;

NetworkOptions engine_options(int64_t eval_batch = 1024) {
  NetworkOptions o;
  o.seed = 5;
  o.lr = 0.05f;
  o.max_batch = kBatch;
  o.eval_batch = eval_batch;
  o.cuda.math = MathMode::fp32;
  o.cuda.deterministic = true;
  return o;
}

std::vector<float> inputs(int64_t rows, uint32_t tag) {
  const RandomStream rng{13, RngPurpose::nondigit};
  std::vector<float> x(static_cast<std::size_t>(rows * 1024));
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = uniform_from_bits(rng.bits(tag, 0, static_cast<uint32_t>(i)));
  return x;
}
std::vector<uint8_t> labels(int64_t rows, uint32_t tag) {
  std::vector<uint8_t> y(static_cast<std::size_t>(rows));
  for (int64_t r = 0; r < rows; ++r) y[static_cast<std::size_t>(r)] = static_cast<uint8_t>((r * 7 + tag) % 11);
  return y;
}

TEST(ClassifierEngineCuda, TrainStepsMatchTheCpuEngine) {
  RBMDYN_REQUIRE_GPU();
  const ClassifierModel start = ClassifierModel::initialized(test::small_test_arch(), 21);
  auto cpu = make_classifier_network(Backend::cpu, start, engine_options());
  auto gpu = make_classifier_network(Backend::cuda, start, engine_options());
  for (uint32_t it = 0; it < 4; ++it) {
    const std::vector<float> x = inputs(kBatch, it);
    const std::vector<uint8_t> y = labels(kBatch, it);
    const StepStats a = cpu->train_step(x.data(), y.data(), kBatch, it);
    const StepStats b = gpu->train_step(x.data(), y.data(), kBatch, it);
    EXPECT_NEAR(b.loss_sum, a.loss_sum, 1e-4 * a.loss_sum) << "step " << it;
    EXPECT_NEAR(static_cast<double>(b.correct), static_cast<double>(a.correct), 1.0) << "step " << it;  // a near-tie may flip
  }
  const ClassifierModel ma = cpu->model(), mb = gpu->model();
  EXPECT_LE(test::relative_error(mb.params, ma.params), 1e-4) << "parameters after 4 steps";
  EXPECT_LE(test::relative_error(mb.buffers, ma.buffers), 1e-4) << "BN running statistics";
}

// Two engines may pick different (deterministic) cuDNN algorithms by measurement, so the comparison
// allows float rounding and a near-tie argmax flip.
TEST(ClassifierEngineCuda, EnqueuedStepsMatchSynchronousSteps) {
  RBMDYN_REQUIRE_GPU();
  const ClassifierModel start = ClassifierModel::initialized(test::small_test_arch(), 22);
  auto sync = make_classifier_network(Backend::cuda, start, engine_options());
  auto queued = make_classifier_network(Backend::cuda, start, engine_options());
  ASSERT_TRUE(queued->asynchronous());
  std::vector<StepStats> expected;
  for (uint32_t it = 0; it < 6; ++it) {
    std::vector<float> x = inputs(kBatch, 10 + it);
    std::vector<uint8_t> y = labels(kBatch, it);
    expected.push_back(sync->train_step(x.data(), y.data(), kBatch, it));
    queued->enqueue_train_step(x.data(), y.data(), kBatch, it);
    std::fill(x.begin(), x.end(), -1.0f);  // the engine must have taken its own copy already
    std::fill(y.begin(), y.end(), uint8_t{0});
  }
  const std::vector<StepStats> got = queued->take_step_stats();
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t k = 0; k < got.size(); ++k) {
    EXPECT_NEAR(got[k].loss_sum, expected[k].loss_sum, 1e-5 * expected[k].loss_sum) << "step " << k;
    EXPECT_NEAR(static_cast<double>(got[k].correct), static_cast<double>(expected[k].correct), 1.0) << "step " << k;
  }
  EXPECT_TRUE(queued->take_step_stats().empty());
  EXPECT_LE(test::relative_error(queued->model().params, sync->model().params), 1e-5);
}

TEST(ClassifierEngineCuda, PredictAnyCountMatchesTheCpuEngine) {
  RBMDYN_REQUIRE_GPU();
  const ClassifierModel model = ClassifierModel::initialized(test::small_test_arch(), 23);
  const int64_t n = 150;  // two full eval batches of 64 and a short one of 22
  auto cpu = make_classifier_network(Backend::cpu, model, engine_options(64));
  auto gpu = make_classifier_network(Backend::cuda, model, engine_options(64));
  const std::vector<float> x = inputs(n, 40);
  std::vector<float> pc(static_cast<std::size_t>(n * 11)), pg(pc.size(), -1.0f);
  cpu->predict(x.data(), n, pc.data());
  gpu->predict(x.data(), n, pg.data());
  EXPECT_LE(test::relative_error(pg, pc), 1e-4);
}

}  // namespace
}  // namespace rbmdyn
