// The CUDA sweep (Gibbs engine + device-resident classification + device metric reduction) against the
// CPU sweep, with a small random-weight classifier (label gpu; skipped without a device).
//
// Tolerance: the two sweeps draw the same random numbers and compute the same functions; they differ
// by GEMM/cuDNN rounding (and TF32 is off here), which can flip a Bernoulli draw or an argmax between
// near-equal classes only rarely, after which that one chain follows another path. So at least 99 % of
// the labels must agree, and the metrics the device reduced must equal those recomputed on the host
// from the downloaded labels exactly.
#include <gtest/gtest.h>

#include "host/classifier/digit_classifier.hpp"
#include "host/sweep/sweep.hpp"
#include "host/sweep/sweep_analysis.hpp"
#include "tests/support/test_support.hpp"
#include "tests/sweep/sweep_fixture.hpp"

namespace rbmdyn {
namespace {

SweepRun sweep_on(Backend backend) {
  SweepOptions o = test::small_options();
  o.backend = backend;
  DigitClassifierOptions copts;
  copts.cuda.math = MathMode::fp32;
  const auto clf = make_digit_classifier(ClassifierModel::initialized(ClassifierArch::small(), 3), backend, copts);
  return run_sweep(test::small_rbm(), test::small_biasing(), *clf, o);
}

TEST(SweepCuda, MatchesTheCpuSweep) {
  RBMDYN_REQUIRE_GPU();
  const SweepRun cpu = sweep_on(Backend::cpu);
  const SweepRun gpu = sweep_on(Backend::cuda);
  ASSERT_EQ(cpu.data.pred.size(), gpu.data.pred.size());
  std::size_t same = 0;
  for (std::size_t i = 0; i < cpu.data.pred.size(); ++i) same += cpu.data.pred[i] == gpu.data.pred[i];
  EXPECT_GE(static_cast<double>(same), 0.99 * static_cast<double>(cpu.data.pred.size()));
  EXPECT_EQ(cpu.data.start_activity, gpu.data.start_activity);
  EXPECT_LT(test::max_abs_diff(cpu.data.examples, gpu.data.examples), 0.5);  // step-1 images agree closely
}

TEST(SweepCuda, DeviceReducedMetricsEqualHostReducedMetrics) {
  RBMDYN_REQUIRE_GPU();
  const SweepRun gpu = sweep_on(Backend::cuda);
  const SweepAnalysis host = analyze_sweep(gpu.data);  // the CPU reduction of the same labels
  ASSERT_EQ(host.sets.size(), gpu.analysis.sets.size());
  for (std::size_t s = 0; s < host.sets.size(); ++s) {
    const auto& a = host.sets[s].analysis.reduction;
    const auto& b = gpu.analysis.sets[s].analysis.reduction;
    EXPECT_EQ(a.visited, b.visited);
    EXPECT_EQ(a.runs, b.runs);
    EXPECT_EQ(a.state_time, b.state_time);
    EXPECT_EQ(a.transitions, b.transitions);
    EXPECT_EQ(a.correct, b.correct);
    EXPECT_EQ(host.sets[s].analysis.entropy->overall.mean, gpu.analysis.sets[s].analysis.entropy->overall.mean);
  }
}

}  // namespace
}  // namespace rbmdyn
