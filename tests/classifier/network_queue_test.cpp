// The classifier network's queued-step interface (enqueue_train_step / take_step_stats), which the
// trainer drives so that the CUDA network can keep its batch loop on the device. A synchronous (CPU)
// network runs each step at once; its queued statistics must be exactly those of train_step.
#include <gtest/gtest.h>

#include <vector>

#include "host/classifier/network.hpp"
#include "host/core/random.hpp"

namespace rbmdyn {
namespace {

ClassifierArch tiny_arch() {
  ClassifierArch a;
  a.name = "tiny";
  a.block_channels = {2, 4, 4};
  a.fc_hidden = {8, 8};
  a.dropout = 0.5f;
  return a;
}

TEST(ClassifierEngineQueue, CpuQueuedStepsEqualTrainSteps) {
  const ClassifierModel start = ClassifierModel::initialized(tiny_arch(), 4);
  NetworkOptions o;
  o.max_batch = 8;
  o.lr = 0.1f;
  auto direct = make_classifier_network(Backend::cpu, start, o);
  auto queued = make_classifier_network(Backend::cpu, start, o);
  EXPECT_FALSE(queued->asynchronous());
  const RandomStream rng{3, RngPurpose::nondigit};
  std::vector<StepStats> expected;
  for (uint32_t it = 0; it < 3; ++it) {
    std::vector<float> x(8 * 1024);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = uniform_from_bits(rng.bits(it, 0, static_cast<uint32_t>(i)));
    std::vector<uint8_t> y(8);
    for (std::size_t r = 0; r < y.size(); ++r) y[r] = static_cast<uint8_t>((r + it) % 11);
    expected.push_back(direct->train_step(x.data(), y.data(), 8, it));
    queued->enqueue_train_step(x.data(), y.data(), 8, it);
  }
  const std::vector<StepStats> got = queued->take_step_stats();
  ASSERT_EQ(got.size(), 3u);
  for (std::size_t k = 0; k < got.size(); ++k) {
    EXPECT_EQ(got[k].loss_sum, expected[k].loss_sum) << "step " << k;
    EXPECT_EQ(got[k].correct, expected[k].correct) << "step " << k;
  }
  EXPECT_TRUE(queued->take_step_stats().empty()) << "taken statistics are not returned twice";
  EXPECT_EQ(queued->model().params, direct->model().params);
}

}  // namespace
}  // namespace rbmdyn
