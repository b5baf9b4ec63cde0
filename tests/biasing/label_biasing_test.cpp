// The label-biasing readout (docs/method.md §3.1–3.2) and the k rule (§5.1).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "host/biasing/label_biasing.hpp"
#include "host/core/error.hpp"
#include "host/core/random.hpp"
#include "host/data/mnist.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

// A small RBM with weights in a realistic range, and images in [0, 1] (deterministic).
Rbm small_rbm(int64_t nv, int64_t nh, uint64_t seed) {
  Rbm rbm = Rbm::initialized(nv, nh, seed, 0.8f);
  for (int64_t j = 0; j < nh; ++j) rbm.b_h[static_cast<std::size_t>(j)] = 0.3f * static_cast<float>(j % 5) - 0.6f;
  return rbm;
}

std::vector<float> random_images(int64_t n, int64_t nv, uint64_t seed) {
  const RandomStream rs{seed, RngPurpose::nondigit};
  std::vector<float> x(static_cast<std::size_t>(n * nv));
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = uniform_from_bits(rs.bits(0, 0, static_cast<uint32_t>(i)));
  return x;
}

// Hidden readout values computed here in double: p = 1/(1 + exp(−(x·W + b_h))).
std::vector<double> readout_probabilities(const Rbm& rbm, const std::vector<float>& x, int64_t n) {
  const int64_t nv = rbm.n_visible, nh = rbm.n_hidden;
  std::vector<double> p(static_cast<std::size_t>(n * nh));
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < nh; ++j) {
      double a = rbm.b_h[static_cast<std::size_t>(j)];
      for (int64_t k = 0; k < nv; ++k)
        a += static_cast<double>(x[static_cast<std::size_t>(i * nv + k)]) * rbm.W[static_cast<std::size_t>(k * nh + j)];
      p[static_cast<std::size_t>(i * nh + j)] = 1.0 / (1.0 + std::exp(-a));
    }
  return p;
}

// (Hᵀ · pinv(L))ᵀ with pinv(L) = Lᵀ (L Lᵀ)⁻¹ for a full-row-rank L [10, n], by Gauss–Jordan in
// double: the authors' formula, written generically rather than as class means.
std::vector<double> pinv_formula(const std::vector<double>& H, const std::vector<uint8_t>& labels, int64_t nh) {
  const auto n = static_cast<int64_t>(labels.size());
  std::vector<double> L(static_cast<std::size_t>(10 * n), 0.0);
  for (int64_t i = 0; i < n; ++i) L[static_cast<std::size_t>(labels[static_cast<std::size_t>(i)] * n + i)] = 1.0;
  // A = L Lᵀ [10, 10], augmented with the identity, inverted in place.
  double A[10][20] = {};
  for (int a = 0; a < 10; ++a) {
    for (int b = 0; b < 10; ++b)
      for (int64_t i = 0; i < n; ++i) A[a][b] += L[static_cast<std::size_t>(a * n + i)] * L[static_cast<std::size_t>(b * n + i)];
    A[a][10 + a] = 1.0;
  }
  for (int c = 0; c < 10; ++c) {
    const double d = A[c][c];
    for (int k = 0; k < 20; ++k) A[c][k] /= d;
    for (int r = 0; r < 10; ++r)
      if (r != c) {
        const double f = A[r][c];
        for (int k = 0; k < 20; ++k) A[r][k] -= f * A[c][k];
      }
  }
  // pinv(L) [n, 10] = Lᵀ · A⁻¹; Winv = (Hᵀ · pinv(L))ᵀ [10, nh].
  std::vector<double> winv(static_cast<std::size_t>(10 * nh), 0.0);
  for (int c = 0; c < 10; ++c)
    for (int64_t i = 0; i < n; ++i) {
      double pinv_ic = 0.0;
      for (int a = 0; a < 10; ++a) pinv_ic += L[static_cast<std::size_t>(a * n + i)] * A[a][10 + c];
      for (int64_t j = 0; j < nh; ++j) winv[static_cast<std::size_t>(c * nh + j)] += H[static_cast<std::size_t>(i * nh + j)] * pinv_ic;
    }
  return winv;
}

std::vector<uint8_t> labels_for(int64_t n) {
  std::vector<uint8_t> y(static_cast<std::size_t>(n));
  for (int64_t i = 0; i < n; ++i) y[static_cast<std::size_t>(i)] = static_cast<uint8_t>((i * 7 + i / 13) % 10);
  return y;
}

TEST(LabelBiasing, ProbabilityReadoutEqualsPseudoInverseFormula) {
  const int64_t n = 73, nv = 9, nh = 6;
  const Rbm rbm = small_rbm(nv, nh, 3);
  const std::vector<float> x = random_images(n, nv, 5);
  const std::vector<uint8_t> y = labels_for(n);
  const LabelBiasing lb = compute_label_biasing(rbm, x.data(), y.data(), n, 11, Backend::cpu, ReadoutMode::probabilities);
  const std::vector<double> expected = pinv_formula(readout_probabilities(rbm, x, n), y, nh);
  ASSERT_EQ(lb.lb.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(lb.lb[i], expected[i], 2e-6) << i;
  int64_t total = 0;
  for (const int64_t c : lb.class_counts) total += c;
  EXPECT_EQ(total, n);
}

TEST(LabelBiasing, SampledReadoutEqualsPseudoInverseOfTheSampledStates) {
  const int64_t n = 61, nv = 8, nh = 7;
  const uint64_t seed = 19;
  const Rbm rbm = small_rbm(nv, nh, 4);
  const std::vector<float> x = random_images(n, nv, 6);
  const std::vector<uint8_t> y = labels_for(n);
  const LabelBiasing lb = compute_label_biasing(rbm, x.data(), y.data(), n, seed, Backend::cpu);
  // H = Bern(p) with the readout stream's uniforms (a = image, b = 0, element = unit), p in double: a
  // draw could differ from the engine's float p only if u lay within ~1e-7 of p.
  const std::vector<double> p = readout_probabilities(rbm, x, n);
  const RandomStream rs{seed, RngPurpose::readout_hidden};
  std::vector<double> H(p.size());
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < nh; ++j) {
      const double u = uniform_from_bits(rs.bits(static_cast<uint32_t>(i), 0, static_cast<uint32_t>(j)));
      H[static_cast<std::size_t>(i * nh + j)] = u < p[static_cast<std::size_t>(i * nh + j)] ? 1.0 : 0.0;
    }
  const std::vector<double> expected = pinv_formula(H, y, nh);
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(lb.lb[i], expected[i], 1e-6) << i;
  // Same seed, same result; another seed, other draws.
  EXPECT_EQ(compute_label_biasing(rbm, x.data(), y.data(), n, seed, Backend::cpu).lb, lb.lb);
  EXPECT_NE(compute_label_biasing(rbm, x.data(), y.data(), n, seed + 1, Backend::cpu).lb, lb.lb);
}

TEST(LabelBiasing, RejectsBadLabelsAndEmptyClasses) {
  const Rbm rbm = small_rbm(4, 3, 1);
  const std::vector<float> x = random_images(20, 4, 1);
  std::vector<uint8_t> y = labels_for(20);
  y[3] = 10;
  EXPECT_THROW(compute_label_biasing(rbm, x.data(), y.data(), 20, 1, Backend::cpu), InputError);
  std::vector<uint8_t> no_nines(20, 0);
  for (int i = 0; i < 20; ++i) no_nines[static_cast<std::size_t>(i)] = static_cast<uint8_t>(i % 9);
  try {
    compute_label_biasing(rbm, x.data(), no_nines.data(), 20, 1, Backend::cpu);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("digit 9"), std::string::npos) << e.what();
  }
}

TEST(LabelBiasing, ReadsAllMnistTrainingImages) {
  RBMDYN_REQUIRE_MNIST(dir);
  const MnistSet train = load_mnist(dir, "train");
  const std::vector<float> x = train.split.to_unit_float();
  const Rbm rbm = Rbm::initialized(kMnistPixels, 16, 2, 0.1f);
  const LabelBiasing lb = compute_label_biasing(rbm, x.data(), train.split.labels.data(), train.split.count(), 1, Backend::cpu);
  // Training class sizes of docs/method.md §1.1.
  EXPECT_EQ(lb.class_counts, (std::array<int64_t, 10>{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}));
  for (const float v : lb.lb) {
    EXPECT_GE(v, 0.0f);
    EXPECT_LE(v, 1.0f);
  }
}

TEST(KRule, FloorOfMeanActivityTimesTen) {
  // Every entry 0.14964: 14.964 % active at step 1 for every digit, k = floor(149.64) = 149 (§9).
  std::vector<float> lb(10 * 1000, 0.14964f);
  EXPECT_EQ(k_from_lb(lb, 1000), 149);
  for (const double a : step1_activity(lb, 1000)) EXPECT_NEAR(a, 14.964, 1e-4);
  // Unequal digits weigh equally: digit 0 at 40 %, the others at 10 % → mean 13 % → k = 130.
  for (int j = 0; j < 1000; ++j) lb[static_cast<std::size_t>(j)] = 0.40f;
  for (std::size_t i = 1000; i < lb.size(); ++i) lb[i] = 0.10f;
  EXPECT_EQ(k_from_lb(lb, 1000), 130);
  // Other sizes: k = floor(n_hidden · mean) — 8 units at mean 0.4375 → 3.5 → 3.
  std::vector<float> small(10 * 8, 0.4375f);
  EXPECT_EQ(k_from_lb(small, 8), 3);
  EXPECT_DOUBLE_EQ(step1_activity(small, 8)[4], 43.75);
}

}  // namespace
}  // namespace rbmdyn
