// Label biasing at the top of a deep model (dbn.md §4): class means of the mean-field up pass, in
// double, against a direct double-precision computation; the one-layer case is the RBM readout with
// probabilities.
#include <gtest/gtest.h>

#include <cmath>

#include "host/biasing/dbn_biasing.hpp"
#include "tests/rbm/cd1_reference.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

TEST(DbnBiasing, ClassMeansOfTheMeanFieldUpPass) {
  const RbmStack s = RbmStack::initialized({12, 9, 7, 20}, 4, 0.6f);
  const int64_t n = 60;
  const std::vector<float> x = test::random_unit_data(n, 12, 8);
  std::vector<uint8_t> labels(n);
  for (int64_t i = 0; i < n; ++i) labels[i] = static_cast<uint8_t>((i * 7) % 10);
  const DerivedBiasing d = derive_dbn_biasing(s, x.data(), labels.data(), n, 1);
  // Direct: Q = ↑3(↑2(↑1(x))) in double, then class means.
  std::vector<double> sums(10 * 20, 0.0);
  std::vector<int> counts(10, 0);
  for (int64_t i = 0; i < n; ++i) {
    std::vector<double> cur(x.begin() + i * 12, x.begin() + (i + 1) * 12);
    for (const Rbm& r : s.layers) {
      std::vector<double> next(r.n_hidden);
      for (int64_t j = 0; j < r.n_hidden; ++j) {
        double a = r.b_h[j];
        for (int64_t k = 0; k < r.n_visible; ++k) a += cur[k] * r.W[k * r.n_hidden + j];
        next[j] = test::ref_sigmoid(a);
      }
      cur = next;
    }
    for (int j = 0; j < 20; ++j) sums[labels[i] * 20 + j] += cur[j];
    ++counts[labels[i]];
  }
  ASSERT_EQ(d.set.lb.size(), 200u);
  double mean_all = 0;
  for (int c = 0; c < 10; ++c)
    for (int j = 0; j < 20; ++j) {
      const double want = sums[c * 20 + j] / counts[c];
      ASSERT_NEAR(d.set.lb[c * 20 + j], want, 1e-6) << c << "," << j;
      mean_all += want / 200.0;
    }
  // k = ⌊n_3 · mean H_LB⌋ (§4.4).
  EXPECT_EQ(d.set.k, static_cast<int>(std::floor(20 * mean_all + 1e-9)));
}

TEST(DbnBiasing, OneLayerStackIsTheRbmReadoutWithProbabilities) {
  RbmStack s = RbmStack::initialized({12, 15}, 4, 0.6f);
  const int64_t n = 40;
  const std::vector<float> x = test::random_unit_data(n, 12, 8);
  std::vector<uint8_t> labels(n);
  for (int64_t i = 0; i < n; ++i) labels[i] = static_cast<uint8_t>(i % 10);
  const DerivedBiasing a = derive_dbn_biasing(s, x.data(), labels.data(), n, 1);
  const DerivedBiasing b = derive_biasing(s.top(), x.data(), labels.data(), n, 1, Backend::cpu, ReadoutMode::probabilities);
  EXPECT_EQ(a.set.lb, b.set.lb);
  EXPECT_EQ(a.set.double_lb, b.set.double_lb);
}

TEST(DbnBiasing, ClassMeanReadoutAccuracyCountsRowsNearestTheirOwnMean) {
  std::vector<float> means(10 * 2, 0.0f);
  for (int c = 0; c < 10; ++c) means[c * 2] = static_cast<float>(c);  // class c at (c, 0)
  // (0.1, 0) → 0 ✓; (2.6, 0) → 3 ✗ (label 2); (4.4, 5) → 4 ✓; (7.5, 0) ties 7 and 8 → 7 ✗ (label 8).
  const std::vector<float> q = {0.1f, 0.0f, 2.6f, 0.0f, 4.4f, 5.0f, 7.5f, 0.0f};
  const std::vector<uint8_t> labels = {0, 2, 4, 8};
  EXPECT_DOUBLE_EQ(class_mean_readout_accuracy(q.data(), labels.data(), 4, 2, means.data()), 0.5);
  EXPECT_DOUBLE_EQ(class_mean_readout_accuracy(q.data(), labels.data(), 1, 2, means.data()), 1.0);
}

}  // namespace
}  // namespace rbmdyn
