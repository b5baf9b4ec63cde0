// Finite-difference gradient checks, in double precision, of every CPU layer of the classifier and of
// the whole network (training mode: batch-statistics BN and dropout with a fixed mask). Each check
// compares the analytic gradient of a scalar objective with central differences (step 1e-6; the
// tolerance 1e-6 relative + 1e-8 absolute is far above the O(h²) truncation and rounding error, and far
// below any real mistake, e.g. a wrong sign or a missing term).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "host/classifier/layers_cpu.hpp"
#include "host/classifier/network_cpu.hpp"
#include "host/core/random.hpp"

namespace rbmdyn::cls {
namespace {

std::vector<double> random_values(std::size_t n, uint32_t tag, double lo = -1, double hi = 1) {
  const RandomStream rng{1234, RngPurpose::classifier_init};
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = lo + (hi - lo) * uniform_from_bits(rng.bits(tag, 77, static_cast<uint32_t>(i)));
  return v;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// Compares analytic[i] with (f(x + h e_i) − f(x − h e_i)) / 2h for every i (or every `stride`-th).
void expect_gradient(const char* what, std::vector<double>& x, const std::vector<double>& analytic,
                     const std::function<double()>& f, std::size_t stride = 1, double rel = 1e-6) {
  ASSERT_EQ(x.size(), analytic.size());
  const double h = 1e-6;
  int bad = 0;
  for (std::size_t i = 0; i < x.size(); i += stride) {
    const double keep = x[i];
    x[i] = keep + h;
    const double up = f();
    x[i] = keep - h;
    const double down = f();
    x[i] = keep;
    const double numeric = (up - down) / (2 * h);
    if (std::fabs(numeric - analytic[i]) > rel * std::fabs(numeric) + 1e-8 && ++bad <= 5)
      ADD_FAILURE() << what << "[" << i << "]: analytic " << analytic[i] << " vs numeric " << numeric;
  }
}

TEST(ClassifierGradients, Conv3x3) {
  const int64_t B = 2;
  const int cin = 2, cout = 3, side = 4;
  const std::size_t n_in = static_cast<std::size_t>(cin * B * side * side);
  const std::size_t n_out = static_cast<std::size_t>(cout * B * side * side);
  std::vector<double> in = random_values(n_in, 1), w = random_values(static_cast<std::size_t>(cout * cin * 9), 2),
                      b = random_values(static_cast<std::size_t>(cout), 3), r = random_values(n_out, 4);
  std::vector<double> out(n_out), col(static_cast<std::size_t>(conv3x3_workspace(B, cin, side)));
  auto f = [&]() {
    conv3x3_forward(B, cin, cout, side, in.data(), w.data(), b.data(), out.data(), col.data());
    return dot(out, r);
  };
  std::vector<double> din(n_in), dw(w.size()), db(b.size());
  conv3x3_backward(B, cin, cout, side, in.data(), w.data(), r.data(), din.data(), dw.data(), db.data(), col.data());
  expect_gradient("conv din", in, din, f);
  expect_gradient("conv dW", w, dw, f);
  expect_gradient("conv db", b, db, f);
  // Padding: out[0, 0, 0, 0] sees only taps (ky, kx) ≥ (1, 1) of the input.
  f();
  double expected = b[0];
  for (int c = 0; c < cin; ++c)
    for (int ky = 1; ky < 3; ++ky)
      for (int kx = 1; kx < 3; ++kx)
        expected += w[static_cast<std::size_t>(c * 9 + ky * 3 + kx)] *
                    in[static_cast<std::size_t>((c * B) * side * side + (ky - 1) * side + (kx - 1))];
  EXPECT_NEAR(out[0], expected, 1e-12);
}

TEST(ClassifierGradients, BatchNormTraining) {
  const int C = 3;
  const int64_t N = 10;
  std::vector<double> x = random_values(static_cast<std::size_t>(C * N), 5, -2, 3), g = random_values(3, 6, 0.5, 2),
                      be = random_values(3, 7), r = random_values(static_cast<std::size_t>(C * N), 8);
  std::vector<double> y(x.size()), rm(3, 0), rv(3, 1), sm(3), si(3);
  auto f = [&]() {
    batchnorm_train_forward(C, N, x.data(), g.data(), be.data(), 1e-5, 0.1, rm.data(), rv.data(), y.data(), sm.data(),
                            si.data());
    return dot(y, r);
  };
  f();
  std::vector<double> dx(x.size()), dg(3), db(3);
  batchnorm_backward(C, N, x.data(), r.data(), g.data(), sm.data(), si.data(), dx.data(), dg.data(), db.data());
  expect_gradient("bn dx", x, dx, f);
  expect_gradient("bn dgamma", g, dg, f);
  expect_gradient("bn dbeta", be, db, f);
}

TEST(ClassifierGradients, BatchNormRunningStatisticsAndEval) {
  // Channel 0 holds 1, 2, 3, 4: mean 2.5, biased variance 1.25, unbiased 5/3.
  const std::vector<double> x = {1, 2, 3, 4};
  const std::vector<double> g = {2}, b = {0.5};
  std::vector<double> rm = {1}, rv = {2}, y(4), sm(1), si(1);
  batchnorm_train_forward(1, 4, x.data(), g.data(), b.data(), 1e-5, 0.1, rm.data(), rv.data(), y.data(), sm.data(),
                          si.data());
  EXPECT_NEAR(rm[0], 0.9 * 1 + 0.1 * 2.5, 1e-12);
  EXPECT_NEAR(rv[0], 0.9 * 2 + 0.1 * 5.0 / 3.0, 1e-12);
  EXPECT_NEAR(y[0], 2 * (1 - 2.5) / std::sqrt(1.25 + 1e-5) + 0.5, 1e-12);
  batchnorm_eval_forward(1, 4, x.data(), g.data(), b.data(), rm.data(), rv.data(), 1e-5, y.data());
  EXPECT_NEAR(y[3], 2 * (4 - rm[0]) / std::sqrt(rv[0] + 1e-5) + 0.5, 1e-12);
}

TEST(ClassifierGradients, ReluMaxPoolAndFlatten) {
  const int64_t planes = 3;  // C = 3, B = 1
  const int side = 4;
  std::vector<double> x = random_values(static_cast<std::size_t>(planes * side * side), 9);
  std::vector<double> r = random_values(static_cast<std::size_t>(planes * 4), 10);
  std::vector<double> y(x.size()), p(static_cast<std::size_t>(planes * 4)), rows(p.size());
  std::vector<uint8_t> arg(p.size());
  auto f = [&]() {
    y = x;
    relu_forward(static_cast<int64_t>(y.size()), y.data());
    maxpool2x2_forward(planes, side, y.data(), p.data(), arg.data());
    cnhw_to_rows(3, 1, 4, p.data(), rows.data());
    return dot(rows, r);
  };
  f();
  std::vector<double> dp(p.size()), dy(x.size());
  rows_to_cnhw(3, 1, 4, r.data(), dp.data());
  maxpool2x2_backward(planes, side, dp.data(), arg.data(), dy.data());
  relu_backward(static_cast<int64_t>(y.size()), y.data(), dy.data());
  expect_gradient("relu/pool dx", x, dy, f);
  // Pool tie rule: the first maximum in scan order wins.
  const std::vector<double> ties = {5, 5, 5, 5};
  std::vector<double> one(1);
  std::vector<uint8_t> a(1);
  maxpool2x2_forward(1, 2, ties.data(), one.data(), a.data());
  EXPECT_EQ(a[0], 0);
}

TEST(ClassifierGradients, LinearAndDropout) {
  const int64_t B = 3, in = 5, out = 4;
  std::vector<double> x = random_values(static_cast<std::size_t>(B * in), 11), W = random_values(static_cast<std::size_t>(out * in), 12),
                      b = random_values(static_cast<std::size_t>(out), 13), r = random_values(static_cast<std::size_t>(B * out), 14);
  std::vector<double> y(static_cast<std::size_t>(B * out)), z(y.size()), mask(y.size());
  const RandomStream rng{3, RngPurpose::classifier_dropout};
  auto f = [&]() {
    linear_forward(B, in, out, x.data(), W.data(), b.data(), y.data());
    dropout_forward(B, out, 0.5f, rng, 17, y.data(), z.data(), mask.data());
    return dot(z, r);
  };
  f();
  int kept = 0;
  for (double m : mask) {
    EXPECT_TRUE(m == 0.0 || m == 2.0) << m;
    kept += m > 0;
  }
  EXPECT_GT(kept, 0);
  EXPECT_LT(kept, static_cast<int>(mask.size()));
  std::vector<double> dz = r, dx(x.size()), dW(W.size()), db(b.size());
  dropout_backward(static_cast<int64_t>(dz.size()), mask.data(), dz.data());
  linear_backward(B, in, out, x.data(), W.data(), dz.data(), dx.data(), dW.data(), db.data());
  expect_gradient("linear dx", x, dx, f);
  expect_gradient("linear dW", W, dW, f);
  expect_gradient("linear db", b, db, f);
}

TEST(ClassifierGradients, DoubleSoftmaxLoss) {
  const int64_t B = 4;
  const int n = 11;
  std::vector<double> z = random_values(static_cast<std::size_t>(B * n), 15, -3, 3), p(z.size()), dz(z.size());
  const std::vector<uint8_t> labels = {0, 10, 3, 3};
  auto f = [&]() {
    softmax_forward(B, n, z.data(), p.data());
    std::vector<double> scratch(z.size());
    return double_softmax_loss_backward(B, n, p.data(), labels.data(), scratch.data()) / B;
  };
  f();
  const double loss_sum = double_softmax_loss_backward(B, n, p.data(), labels.data(), dz.data());
  expect_gradient("loss dz", z, dz, f);
  f();  // p of the unperturbed z again
  // The loss is cross-entropy on the probabilities: −log(e^{p_y} / Σ e^{p_k}); for a one-hot p it is
  // the study's floor ln(1 + 10/e) ≈ 1.5429.
  double expected = 0;
  for (int64_t r = 0; r < B; ++r) {
    double s = 0;
    for (int k = 0; k < n; ++k) s += std::exp(p[static_cast<std::size_t>(r * n + k)]);
    expected += std::log(s) - p[static_cast<std::size_t>(r * n + labels[static_cast<std::size_t>(r)])];
  }
  EXPECT_NEAR(loss_sum, expected, 1e-12);
  std::vector<double> onehot(11, 0.0), g(11);
  onehot[4] = 1;
  const uint8_t y4 = 4;
  EXPECT_NEAR(double_softmax_loss_backward(1, 11, onehot.data(), &y4, g.data()), std::log(1 + 10 / std::exp(1.0)),
              1e-12);
}

TEST(ClassifierGradients, WholeNetworkTrainingMode) {
  ClassifierArch arch;
  arch.name = "tiny";
  arch.input_side = 8;
  arch.block_channels = {2, 3};
  arch.fc_hidden = {6};
  arch.dropout = 0.3f;
  CpuNetwork<double> net(make_plan(arch));
  const std::vector<float> init = init_params(net.plan(), 5);
  net.params.assign(init.begin(), init.end());
  const std::vector<float> buffers = init_buffers(net.plan());
  net.buffers.assign(buffers.begin(), buffers.end());
  const int64_t B = 3;
  std::vector<double> x = random_values(static_cast<std::size_t>(B * 64), 16, 0, 1);
  const std::vector<uint8_t> labels = {1, 10, 7};
  net.forward(x.data(), B, true, 42, 9);
  const double loss = net.backward(labels.data());
  EXPECT_GT(loss, 0);
  const std::vector<double> analytic = net.grads;
  std::vector<double> scratch;
  auto f = [&]() {
    net.forward(x.data(), B, true, 42, 9);
    return net.backward(labels.data()) / B;
  };
  // Every parameter of every tensor (the tiny net has a few hundred).
  expect_gradient("network", net.params, analytic, f, 1, 1e-5);
}

}  // namespace
}  // namespace rbmdyn::cls
