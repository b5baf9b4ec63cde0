// The CUDA label-biasing readout against its CPU twin (label gpu; skipped without a device).
//
// Same per-element function and uniforms; the GEMM's summation order differs (~1e-7 relative), so a
// draw flips only if its uniform lies within ~1e-7 of p: over 3000 × 200 draws ≈ 0.06 flips expected.
// A flip moves one class mean by 1/n_c (≈ 1/300), so the max bound allows two flips per entry and the
// mean bound catches anything systematic. In probability mode the means agree to float rounding.
#include <gtest/gtest.h>

#include <cmath>

#include "host/biasing/label_biasing.hpp"
#include "host/core/random.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

TEST(BiasingCuda, ReadoutMatchesTheCpuTwin) {
  RBMDYN_REQUIRE_GPU();
  const int64_t n = 3000, nv = 784, nh = 200;
  const Rbm rbm = Rbm::initialized(nv, nh, 12, 0.1f);
  std::vector<float> x(static_cast<std::size_t>(n * nv));
  const RandomStream rs{5, RngPurpose::nondigit};
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = uniform_from_bits(rs.bits(1, 0, static_cast<uint32_t>(i)));
  std::vector<uint8_t> y(static_cast<std::size_t>(n));
  for (int64_t i = 0; i < n; ++i) y[static_cast<std::size_t>(i)] = static_cast<uint8_t>((i * 3 + i / 7) % 10);
  for (const ReadoutMode mode : {ReadoutMode::sampled, ReadoutMode::probabilities}) {
    const LabelBiasing cpu = compute_label_biasing(rbm, x.data(), y.data(), n, 21, Backend::cpu, mode);
    const LabelBiasing gpu = compute_label_biasing(rbm, x.data(), y.data(), n, 21, Backend::cuda, mode);
    EXPECT_EQ(gpu.class_counts, cpu.class_counts);
    double worst = 0.0, mean = 0.0;
    for (std::size_t i = 0; i < cpu.lb.size(); ++i) {
      const double d = std::abs(static_cast<double>(gpu.lb[i]) - cpu.lb[i]);
      worst = std::max(worst, d);
      mean += d / static_cast<double>(cpu.lb.size());
    }
    const bool sampled = mode == ReadoutMode::sampled;
    EXPECT_LE(worst, sampled ? 2.0 / 280 : 1e-6) << readout_mode_name(mode);
    EXPECT_LE(mean, sampled ? 1e-4 : 1e-7) << readout_mode_name(mode);
  }
}

}  // namespace
}  // namespace rbmdyn
