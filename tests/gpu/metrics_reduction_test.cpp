// Device metrics (kernels/metrics.cu) against their CPU twin (host/analysis/trajectory_reduction.cpp).
// Integers must be equal exactly; the per-step moments are summed in double in the same chain order on
// both sides (host -ffp-contract=off, device --fmad=false), so they must be equal bit for bit too.
#include <gtest/gtest.h>

#include <vector>

#include "host/analysis/trajectory_analysis.hpp"
#include "host/analysis/trajectory_reduction.hpp"
#include "host/core/error.hpp"
#include "host/runtime/device_buffer.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn::analysis {
namespace {

// The study's shapes: 45 groups × 100 chains × 100 steps, non-digit-heavy random classes.
struct Sample {
  int64_t chains = 4500, steps = 100;
  std::vector<uint8_t> pred;
  std::vector<float> values;
  ChainGrouping grouping = contiguous_grouping(45, 100);
};

Sample make_sample() {
  Sample s;
  s.pred.resize(s.chains * s.steps);
  s.values.resize(s.pred.size());
  uint32_t state = 2024u;
  uint8_t previous = 0;
  for (std::size_t i = 0; i < s.pred.size(); ++i) {
    state = state * 1664525u + 1013904223u;
    const uint32_t u = state >> 20;  // 12 bits
    // Mostly repeat the previous class (long runs, as in real trajectories), sometimes jump.
    previous = u < 3600 && i % s.steps != 0 ? previous : static_cast<uint8_t>(u % 11);
    s.pred[i] = previous;
    s.values[i] = static_cast<float>(u) / 4096.0f * 2.3f;
  }
  s.grouping.label.resize(s.chains);
  for (int64_t n = 0; n < s.chains; ++n) s.grouping.label[n] = static_cast<int32_t>((n * 7) % 10);
  return s;
}

TEST(MetricsGpu, ReductionEqualsCpuExactly) {
  RBMDYN_REQUIRE_GPU();
  const Sample s = make_sample();
  const TrajectoryReduction cpu = make_trajectory_reducer_cpu()->reduce(s.pred.data(), s.chains, s.steps, s.grouping);
  DeviceBuffer<uint8_t> pred;
  pred.upload(s.pred, nullptr);  // the reducers below run on the legacy stream
  const TrajectoryReduction gpu = make_trajectory_reducer_cuda(nullptr)->reduce(pred.data(), s.chains, s.steps, s.grouping);
  EXPECT_EQ(gpu.visited, cpu.visited);
  EXPECT_EQ(gpu.runs, cpu.runs);
  EXPECT_EQ(gpu.changes, cpu.changes);
  EXPECT_EQ(gpu.state_time, cpu.state_time);
  EXPECT_EQ(gpu.transitions, cpu.transitions);
  EXPECT_EQ(gpu.correct, cpu.correct);
  EXPECT_EQ(gpu.label_sizes, cpu.label_sizes);
  EXPECT_EQ(gpu.group_sizes, cpu.group_sizes);
  int64_t pooled = 0;
  for (int32_t k : gpu.transitions) pooled += k;
  EXPECT_EQ(pooled, s.chains * (s.steps - 1));
}

TEST(MetricsGpu, StepMomentsEqualCpuBitForBit) {
  RBMDYN_REQUIRE_GPU();
  const Sample s = make_sample();
  DeviceBuffer<float> values;
  values.upload(s.values, nullptr);
  const StepStatistics cpu = step_statistics(*make_trajectory_reducer_cpu(), s.values.data(), s.chains, s.steps, s.grouping, 1);
  const StepStatistics gpu =
      step_statistics(*make_trajectory_reducer_cuda(nullptr), values.data(), s.chains, s.steps, s.grouping, 1);
  EXPECT_EQ(gpu.overall.mean, cpu.overall.mean);
  EXPECT_EQ(gpu.overall.m2, cpu.overall.m2);
  EXPECT_EQ(gpu.per_group.mean, cpu.per_group.mean);
  EXPECT_EQ(gpu.per_group.m2, cpu.per_group.m2);
  EXPECT_EQ(gpu.per_group.count, cpu.per_group.count);
}

TEST(MetricsGpu, NoLabelsAndTinyShapes) {
  RBMDYN_REQUIRE_GPU();
  const std::vector<uint8_t> host = {3, 10, 3, 10, 10, 10, 1, 2, 1};  // 3 chains × 3 steps
  const ChainGrouping g = contiguous_grouping(3, 1);
  DeviceBuffer<uint8_t> pred;
  pred.upload(host, nullptr);
  const TrajectoryReduction gpu = make_trajectory_reducer_cuda(nullptr)->reduce(pred.data(), 3, 3, g);
  EXPECT_EQ(gpu.visited, (std::vector<int32_t>{1, 0, 2}));
  EXPECT_EQ(gpu.runs, (std::vector<int32_t>{1, 0, 3}));
  EXPECT_TRUE(gpu.correct.empty());
  EXPECT_EQ(gpu.transitions, make_trajectory_reducer_cpu()->reduce(host.data(), 3, 3, g).transitions);
}

TEST(MetricsGpu, RejectsInvalidClassesOnDevice) {
  RBMDYN_REQUIRE_GPU();
  const std::vector<uint8_t> host = {3, 11, 3, 10};
  DeviceBuffer<uint8_t> pred;
  pred.upload(host, nullptr);
  EXPECT_THROW((void)make_trajectory_reducer_cuda(nullptr)->reduce(pred.data(), 2, 2, contiguous_grouping(1, 2)), Error);
}

}  // namespace
}  // namespace rbmdyn::analysis
