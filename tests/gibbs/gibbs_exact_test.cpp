// Standard block Gibbs sampling (VisibleMode::sampled) on an RBM small enough to enumerate: the chains'
// long-run visible and hidden marginals must match the exact ones of p(v, h) ∝ exp(vᵀWh + b_vᵀv + b_hᵀh)
// (at temperature T: the same with every term divided by T).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "host/gibbs/gibbs_engine.hpp"

namespace rbmdyn {
namespace {

constexpr int64_t kNv = 6;
constexpr int64_t kNh = 4;

Rbm enumerable_rbm() {
  Rbm rbm = Rbm::zeros(kNv, kNh);
  // Couplings of ±0.5..1.5 and biases of both signs: marginals far from 0.5 and from each other.
  const float w[kNv * kNh] = {1.2f,  -0.8f, 0.5f, -1.5f, -0.9f, 1.1f,  0.7f,  0.4f,  0.6f, 0.9f,  -1.3f, 0.8f,
                              -1.1f, -0.6f, 1.4f, 0.5f,  0.8f,  -1.2f, -0.5f, 1.0f,  1.3f, 0.7f,  0.9f,  -0.7f};
  rbm.W.assign(w, w + kNv * kNh);
  rbm.b_v = {-0.5f, 0.8f, -1.0f, 0.3f, 0.6f, -0.2f};
  rbm.b_h = {0.4f, -0.7f, 0.2f, -0.3f};
  return rbm;
}

struct Marginals {
  std::vector<double> visible, hidden;
};

Marginals exact_marginals(const Rbm& rbm, double T) {
  Marginals m{std::vector<double>(kNv, 0.0), std::vector<double>(kNh, 0.0)};
  double z = 0.0;
  for (int vb = 0; vb < (1 << kNv); ++vb)
    for (int hb = 0; hb < (1 << kNh); ++hb) {
      double e = 0.0;
      for (int i = 0; i < kNv; ++i) {
        if (!((vb >> i) & 1)) continue;
        e += rbm.b_v[static_cast<std::size_t>(i)];
        for (int j = 0; j < kNh; ++j)
          if ((hb >> j) & 1) e += rbm.W[static_cast<std::size_t>(i * kNh + j)];
      }
      for (int j = 0; j < kNh; ++j)
        if ((hb >> j) & 1) e += rbm.b_h[static_cast<std::size_t>(j)];
      const double p = std::exp(e / T);
      z += p;
      for (int i = 0; i < kNv; ++i)
        if ((vb >> i) & 1) m.visible[static_cast<std::size_t>(i)] += p;
      for (int j = 0; j < kNh; ++j)
        if ((hb >> j) & 1) m.hidden[static_cast<std::size_t>(j)] += p;
    }
  for (double& x : m.visible) x /= z;
  for (double& x : m.hidden) x /= z;
  return m;
}

// Sample marginals over all chains and steps >= burn_in.
Marginals sampled_marginals(const Rbm& rbm, float T, int64_t chains, int steps, int burn_in) {
  GibbsOptions o;
  o.steps = steps;
  o.temperature = T;
  o.visible_mode = VisibleMode::sampled;
  o.seed = 2024;
  o.keep_hidden_states = true;
  std::vector<float> start(static_cast<std::size_t>(chains * kNh), 0.0f);  // all chains from h = 0
  const GibbsResult r = make_gibbs_engine(Backend::cpu, rbm)->run(start.data(), chains, o);
  Marginals m{std::vector<double>(kNv, 0.0), std::vector<double>(kNh, 0.0)};
  for (int64_t c = 0; c < chains; ++c)
    for (int t = burn_in; t < steps; ++t) {
      for (int64_t i = 0; i < kNv; ++i) m.visible[static_cast<std::size_t>(i)] += r.visible[static_cast<std::size_t>((c * steps + t) * kNv + i)];
      for (int64_t j = 0; j < kNh; ++j) m.hidden[static_cast<std::size_t>(j)] += r.hidden[static_cast<std::size_t>((c * steps + t) * kNh + j)];
    }
  const double n = static_cast<double>(chains) * (steps - burn_in);
  for (double& x : m.visible) x /= n;
  for (double& x : m.hidden) x /= n;
  return m;
}

// 1000 chains × 180 recorded steps ≈ 1.8e5 correlated samples: the standard error of a marginal is
// about 0.5/sqrt(1.8e5 / τ) ≈ 0.003 for an autocorrelation time τ ≈ 5, so 0.012 is a ~4σ bound.
constexpr double kBound = 0.012;

TEST(GibbsExact, SampledChainsReproduceEnumeratedMarginals) {
  const Rbm rbm = enumerable_rbm();
  const Marginals exact = exact_marginals(rbm, 1.0);
  const Marginals got = sampled_marginals(rbm, 1.0f, 1000, 200, 20);
  for (int i = 0; i < kNv; ++i) EXPECT_NEAR(got.visible[static_cast<std::size_t>(i)], exact.visible[static_cast<std::size_t>(i)], kBound) << "visible " << i;
  for (int j = 0; j < kNh; ++j) EXPECT_NEAR(got.hidden[static_cast<std::size_t>(j)], exact.hidden[static_cast<std::size_t>(j)], kBound) << "hidden " << j;

  // The bound is tight enough to catch a wrong conditional: each of these mistakes moves some exact
  // marginal by several times the bound (so a sampler with it would fail above).
  auto max_shift = [&](const Rbm& wrong) {
    const Marginals w = exact_marginals(wrong, 1.0);
    double d = 0.0;
    for (int i = 0; i < kNv; ++i) d = std::max(d, std::abs(w.visible[static_cast<std::size_t>(i)] - exact.visible[static_cast<std::size_t>(i)]));
    return d;
  };
  Rbm no_visible_bias = rbm;
  no_visible_bias.b_v.assign(kNv, 0.0f);
  EXPECT_GT(max_shift(no_visible_bias), 5 * kBound);
  Rbm flipped = rbm;  // σ(−x) instead of σ(x) for the visible layer ≈ negated visible coupling
  for (float& w : flipped.W) w = -w;
  for (float& b : flipped.b_v) b = -b;
  EXPECT_GT(max_shift(flipped), 5 * kBound);
  EXPECT_GT(std::abs(exact_marginals(rbm, 2.0).visible[2] - exact.visible[2]), 5 * kBound);
}

TEST(GibbsExact, TemperatureSamplesTheTemperedDistribution) {
  const Rbm rbm = enumerable_rbm();
  const Marginals exact = exact_marginals(rbm, 2.0);
  const Marginals got = sampled_marginals(rbm, 2.0f, 1000, 200, 20);
  for (int i = 0; i < kNv; ++i) EXPECT_NEAR(got.visible[static_cast<std::size_t>(i)], exact.visible[static_cast<std::size_t>(i)], kBound) << "visible " << i;
  for (int j = 0; j < kNh; ++j) EXPECT_NEAR(got.hidden[static_cast<std::size_t>(j)], exact.hidden[static_cast<std::size_t>(j)], kBound) << "hidden " << j;
}

}  // namespace
}  // namespace rbmdyn
