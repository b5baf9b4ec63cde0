// Deep top-down generation (dbn.md §5): the one-layer stack is the RBM engine bit for bit; on an
// enumerable 4-3-3-2 DBN the empirical means of v[t] and of the top activity match the exact
// expectations (computed by summing over every binary state) within a stated bound, for both the
// authors' sweep and the classic top-Gibbs sampler; shards reproduce the full run.
#include <gtest/gtest.h>

#include <cmath>

#include "host/core/error.hpp"
#include "host/gibbs/dbn_gibbs_engine.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

RbmStack random_stack(const std::vector<int64_t>& sizes, uint64_t seed, float std) {
  RbmStack s = RbmStack::initialized(sizes, seed, std);
  for (std::size_t l = 0; l < s.layers.size(); ++l) {
    Rbm& r = s.layers[l];
    for (std::size_t i = 0; i < r.b_v.size(); ++i) r.b_v[i] = 0.3f * std::sin(1.0f + static_cast<float>(i + 3 * l));
    for (std::size_t j = 0; j < r.b_h.size(); ++j) r.b_h[j] = 0.3f * std::cos(2.0f + static_cast<float>(j + 5 * l));
  }
  return s;
}

TEST(DbnGibbs, OneLayerStackIsTheRbmEngineBitForBit) {
  const RbmStack stack = random_stack({30, 12}, 5, 0.5f);
  const int64_t N = 17;
  std::vector<float> start(N * 12);
  for (std::size_t k = 0; k < start.size(); ++k) start[k] = static_cast<float>((k * 7) % 10) / 10.0f;
  GibbsOptions o;
  o.steps = 6;
  o.seed = 99;
  o.chain_offset = 40;
  o.keep_hidden_states = true;
  for (uint64_t per_vector : {1, 4}) {  // the sweep's (vector, chain) addressing too
    o.chains_per_vector = per_vector;
    const GibbsResult want = make_gibbs_engine_cpu(stack.top())->run(start.data(), N, o);
    const GibbsResult got = make_dbn_gibbs_engine_cpu(stack, DeepStep::sweep)->run(start.data(), N, o);
    EXPECT_EQ(got.visible, want.visible) << per_vector;
    EXPECT_EQ(got.activity, want.activity);
    EXPECT_EQ(got.hidden, want.hidden);
    EXPECT_EQ(got.layer_activity, want.activity);  // one layer: the top
  }
}

// As the RBM engine's (host/gibbs/gibbs_engine.hpp): a chain's draws depend on its vector and its place
// in it, never on how many chains each vector has.
TEST(DbnGibbs, MoreChainsPerVectorLeaveTheExistingChainsUnchanged) {
  const RbmStack stack = random_stack({10, 8, 6, 5}, 3, 0.8f);
  const std::vector<float> vectors = {1, 0, 0, 1, 0, 0, 1, 1, 0, 1};  // 2 start vectors [2, 5]
  GibbsOptions o;
  o.steps = 4;
  o.seed = 8;
  auto engine = make_dbn_gibbs_engine_cpu(stack, DeepStep::sweep);
  const auto run = [&](int64_t per_vector) {
    o.chains_per_vector = static_cast<uint64_t>(per_vector);
    return engine->run(tile_rows(vectors.data(), 2, 5, per_vector).data(), 2 * per_vector, o);
  };
  const GibbsResult three = run(3), five = run(5);
  const int64_t per_chain = static_cast<int64_t>(three.kept_steps.size()) * 10;
  const auto chain = [&](const GibbsResult& r, int64_t row) {
    return std::vector<float>(r.visible.begin() + row * per_chain, r.visible.begin() + (row + 1) * per_chain);
  };
  for (int64_t c = 0; c < 3; ++c) {
    EXPECT_EQ(chain(three, c), chain(five, c)) << "vector 0, chain " << c;
    EXPECT_EQ(chain(three, 3 + c), chain(five, 5 + c)) << "vector 1, chain " << c;
  }
  EXPECT_NE(chain(three, 0), chain(three, 1));  // chains of one vector differ
}

TEST(DbnGibbs, RefusesASampledVisibleAndANonFiniteStart) {
  const RbmStack stack = random_stack({10, 8, 6}, 3, 0.8f);
  auto engine = make_dbn_gibbs_engine(Backend::cpu, stack, DeepStep::sweep);
  std::vector<float> start(2 * 6, 0.5f);
  GibbsOptions o;
  o.steps = 2;
  o.visible_mode = VisibleMode::sampled;
  EXPECT_THROW(engine->run(start.data(), 2, o), InputError);
  o.visible_mode = VisibleMode::mean_field;
  start[7] = std::nanf("");
  try {
    engine->run(start.data(), 2, o);
    ADD_FAILURE() << "a NaN start was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("(chain 1, unit 1) is not finite"), std::string::npos) << e.what();
  }
}

TEST(DbnGibbs, ShardsReproduceTheFullRunAndSeedsMatter) {
  const RbmStack stack = random_stack({10, 8, 6, 5}, 2, 0.8f);
  const int64_t N = 12;
  std::vector<float> start(N * 5, 0.0f);
  for (int64_t r = 0; r < N; ++r) start[r * 5 + r % 5] = 1.0f;
  GibbsOptions o;
  o.steps = 5;
  auto engine = make_dbn_gibbs_engine_cpu(stack, DeepStep::sweep);
  const GibbsResult full = engine->run(start.data(), N, o);
  GibbsOptions shard = o;
  shard.chain_offset = 7;
  const GibbsResult part = engine->run(start.data() + 7 * 5, 5, shard);
  const int64_t per_chain = static_cast<int64_t>(full.kept_steps.size()) * 10;
  EXPECT_EQ(std::vector<float>(full.visible.begin() + 7 * per_chain, full.visible.end()), part.visible);
  GibbsOptions other = o;
  other.seed = 2;
  EXPECT_NE(engine->run(start.data(), N, other).visible, full.visible);
  EXPECT_EQ(full.layer_activity.size(), static_cast<std::size_t>(N * 5 * 3));
  // Replicas of one start vector already differ at step 1: layers 2 and 1 are sampled on the way down.
  std::vector<float> same(N * 5, 0.0f);
  for (int64_t r = 0; r < N; ++r) same[r * 5] = same[r * 5 + 2] = 1.0f;
  const GibbsResult rep = engine->run(same.data(), N, o);
  EXPECT_NE(std::vector<float>(rep.visible.begin(), rep.visible.begin() + 10),
            std::vector<float>(rep.visible.begin() + per_chain, rep.visible.begin() + per_chain + 10));
}

// ---- exact expectations on a 4-3-3-2 stack ----

double sig(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// P(out = bits | in) for one RBM direction: `up` uses W and b_h, down Wᵀ and b_v.
std::vector<double> conditional(const Rbm& r, const std::vector<double>& in, bool up) {
  const int64_t n_out = up ? r.n_hidden : r.n_visible, n_in = up ? r.n_visible : r.n_hidden;
  std::vector<double> p(n_out);
  for (int64_t o = 0; o < n_out; ++o) {
    double a = up ? r.b_h[o] : r.b_v[o];
    for (int64_t i = 0; i < n_in; ++i) a += in[i] * (up ? r.W[i * r.n_hidden + o] : r.W[o * r.n_hidden + i]);
    p[o] = sig(a);
  }
  return p;
}

std::vector<double> bits_of(int code, int64_t n) {
  std::vector<double> b(n);
  for (int64_t i = 0; i < n; ++i) b[i] = (code >> i) & 1;
  return b;
}

double prob_of(int code, const std::vector<double>& p) {
  double q = 1;
  for (std::size_t i = 0; i < p.size(); ++i) q *= ((code >> i) & 1) ? p[i] : 1 - p[i];
  return q;
}

// dist over the codes of an n-unit layer → dist over the codes of the layer it maps to.
std::vector<double> push(const std::vector<double>& dist, const Rbm& r, bool up) {
  const int64_t n_in = up ? r.n_visible : r.n_hidden, n_out = up ? r.n_hidden : r.n_visible;
  std::vector<double> out(1u << n_out, 0.0);
  for (int c = 0; c < (1 << n_in); ++c) {
    if (dist[c] == 0) continue;
    const std::vector<double> p = conditional(r, bits_of(c, n_in), up);
    for (int o = 0; o < (1 << n_out); ++o) out[o] += dist[c] * prob_of(o, p);
  }
  return out;
}

struct Moments {
  std::vector<double> v_mean, v_sq;  // E[v_i], E[v_i²] at this step
  double top_active = 0, top_active_sq = 0;
};

// Exact moments of steps 0 … steps−1 for start h3 = `start_code`.
std::vector<Moments> exact(const RbmStack& s, DeepStep step, int start_code, int steps) {
  const Rbm &r1 = s.layers[0], &r2 = s.layers[1], &r3 = s.layers[2];
  std::vector<double> h3(4, 0.0), h2, h1;
  h3[start_code] = 1.0;
  std::vector<Moments> out;
  for (int t = 0; t < steps; ++t) {
    if (t > 0) {
      std::vector<double> below;
      if (step == DeepStep::sweep) {  // v = ↓1(h1) is a deterministic function of h1: u1 from it
        std::vector<double> u1(8, 0.0);
        for (int c = 0; c < 8; ++c) {
          const std::vector<double> v = conditional(r1, bits_of(c, 3), false);
          const std::vector<double> p = conditional(r1, v, true);
          for (int o = 0; o < 8; ++o) u1[o] += h1[c] * prob_of(o, p);
        }
        below = push(u1, r2, true);
      } else {
        below = h2;
      }
      h3 = push(below, r3, true);
    }
    h2 = push(h3, r3, false);
    h1 = push(h2, r2, false);
    Moments m;
    m.v_mean.assign(4, 0.0);
    m.v_sq.assign(4, 0.0);
    for (int c = 0; c < 8; ++c) {
      const std::vector<double> v = conditional(r1, bits_of(c, 3), false);
      for (int i = 0; i < 4; ++i) {
        m.v_mean[i] += h1[c] * v[i];
        m.v_sq[i] += h1[c] * v[i] * v[i];
      }
    }
    for (int c = 0; c < 4; ++c) {
      const double a = 100.0 * (((c & 1) + ((c >> 1) & 1)) / 2.0);
      m.top_active += h3[c] * a;
      m.top_active_sq += h3[c] * a * a;
    }
    out.push_back(m);
  }
  return out;
}

void check_exact(DeepStep step) {
  const RbmStack s = random_stack({4, 3, 3, 2}, 8, 1.5f);
  const int64_t N = 200000;
  const int steps = 3;
  const int start_code = 2;  // h3 = (0, 1)
  std::vector<float> start(N * 2, 0.0f);
  for (int64_t r = 0; r < N; ++r) start[r * 2 + 1] = 1.0f;
  GibbsOptions o;
  o.steps = steps;
  o.seed = 31;
  const GibbsResult got = make_dbn_gibbs_engine_cpu(s, step)->run(start.data(), N, o);
  const std::vector<Moments> want = exact(s, step, start_code, steps);
  // Bound: 5 standard errors of the mean of N independent chains, from the exact variance (a false
  // alarm has probability < 1e-6 per comparison). Every mean is also compared with the other
  // sampler's exact value, which must be out of bounds somewhere, so the test can tell them apart.
  for (int t = 0; t < steps; ++t) {
    for (int i = 0; i < 4; ++i) {
      double sum = 0;
      for (int64_t r = 0; r < N; ++r) sum += got.visible[(r * steps + t) * 4 + i];
      const double mean = sum / N;
      const double sd = std::sqrt(want[t].v_sq[i] - want[t].v_mean[i] * want[t].v_mean[i]);
      EXPECT_NEAR(mean, want[t].v_mean[i], 5 * sd / std::sqrt(double(N)) + 1e-9) << "step " << t << " v" << i;
    }
    double act = 0;
    for (int64_t r = 0; r < N; ++r) act += got.activity[r * steps + t];
    const double sd = std::sqrt(want[t].top_active_sq - want[t].top_active * want[t].top_active);
    EXPECT_NEAR(act / N, want[t].top_active, 5 * sd / std::sqrt(double(N)) + 1e-9) << "step " << t << " top";
  }
  const std::vector<Moments> other = exact(s, step == DeepStep::sweep ? DeepStep::top_gibbs : DeepStep::sweep, start_code, steps);
  double max_gap = 0;  // in units of the bound above
  for (int t = 1; t < steps; ++t)
    for (int i = 0; i < 4; ++i) {
      const double sd = std::sqrt(want[t].v_sq[i] - want[t].v_mean[i] * want[t].v_mean[i]);
      max_gap = std::max(max_gap, std::abs(other[t].v_mean[i] - want[t].v_mean[i]) / (5 * sd / std::sqrt(double(N))));
    }
  EXPECT_GT(max_gap, 2.0) << "the other sampler's exact means must lie well outside the bound, so that this test "
                             "would catch a swapped sampler";
}

TEST(DbnGibbs, SweepMatchesExactExpectationsOnAnEnumerableDbn) { check_exact(DeepStep::sweep); }
TEST(DbnGibbs, TopGibbsMatchesExactExpectationsOnAnEnumerableDbn) { check_exact(DeepStep::top_gibbs); }

}  // namespace
}  // namespace rbmdyn
