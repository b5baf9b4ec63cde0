// The Gibbs engine's contract (docs/method.md §4.1): step 1 uses the start as given, the random stream is
// addressed by (seed, global chain, step, unit), what is kept and what a sink sees.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "host/core/error.hpp"
#include "host/core/random.hpp"
#include "host/gibbs/activity_summary.hpp"
#include "host/gibbs/gibbs_engine.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

constexpr int64_t kNv = 30;
constexpr int64_t kNh = 20;

Rbm test_rbm() {
  Rbm rbm = Rbm::initialized(kNv, kNh, 77, 0.5f);
  for (int64_t i = 0; i < kNv; ++i) rbm.b_v[static_cast<std::size_t>(i)] = 0.1f * static_cast<float>(i % 7) - 0.3f;
  for (int64_t j = 0; j < kNh; ++j) rbm.b_h[static_cast<std::size_t>(j)] = -0.05f * static_cast<float>(j % 9);
  return rbm;
}

// `vectors` continuous start rows in [0, 1), each repeated `replicas` times.
std::vector<float> start_matrix(int64_t vectors, int64_t replicas) {
  std::vector<float> v(static_cast<std::size_t>(vectors * kNh));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>((i * 37) % 101) / 101.0f;
  return tile_rows(v.data(), vectors, kNh, replicas);
}

GibbsOptions options(int steps) {
  GibbsOptions o;
  o.steps = steps;
  o.seed = 5;
  o.keep_hidden_states = true;
  return o;
}

double sigmoid_d(double x) { return 1.0 / (1.0 + std::exp(-x)); }

TEST(GibbsEngine, TileRowsIsVectorMajor) {
  const std::vector<float> v = {1, 2, 3, 4};  // two vectors of width 2
  EXPECT_EQ(tile_rows(v.data(), 2, 2, 3), (std::vector<float>{1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4}));
}

TEST(GibbsEngine, StepOneUsesTheStartAsGivenAndIsIdenticalAcrossReplicas) {
  const Rbm rbm = test_rbm();
  const int64_t vectors = 3, replicas = 4, N = vectors * replicas;
  const std::vector<float> start = start_matrix(vectors, replicas);
  GibbsOptions o = options(3);
  o.temperature = 1.5f;
  const GibbsResult r = make_gibbs_engine(Backend::cpu, rbm)->run(start.data(), N, o);
  ASSERT_EQ(r.visible.size(), static_cast<std::size_t>(N * 3 * kNv));
  for (int64_t c = 0; c < N; ++c) {
    // Hidden state at step 1 is the continuous start itself; activity = 100 · its mean.
    double sum = 0.0;
    for (int64_t j = 0; j < kNh; ++j) {
      EXPECT_EQ(r.hidden[static_cast<std::size_t>((c * 3 + 0) * kNh + j)], start[static_cast<std::size_t>(c * kNh + j)]);
      sum += start[static_cast<std::size_t>(c * kNh + j)];
    }
    EXPECT_NEAR(r.activity[static_cast<std::size_t>(c * 3)], 100.0 * sum / kNh, 1e-4);
    // Visible at step 1 = σ((H_in·Wᵀ + b_v) / T), computed here in double.
    for (int64_t i = 0; i < kNv; ++i) {
      double a = rbm.b_v[static_cast<std::size_t>(i)];
      for (int64_t j = 0; j < kNh; ++j)
        a += static_cast<double>(start[static_cast<std::size_t>(c * kNh + j)]) * rbm.W[static_cast<std::size_t>(i * kNh + j)];
      EXPECT_NEAR(r.visible[static_cast<std::size_t>((c * 3 + 0) * kNv + i)], sigmoid_d(a / 1.5), 2e-6);
    }
  }
  // Replicas of a vector: bit-identical at step 1, different afterwards (Bernoulli hidden sampling).
  for (int64_t v = 0; v < vectors; ++v)
    for (int64_t k = 1; k < replicas; ++k) {
      const int64_t a = v * replicas, b = v * replicas + k;
      for (int64_t i = 0; i < kNv; ++i)
        ASSERT_EQ(r.visible[static_cast<std::size_t>(a * 3 * kNv + i)], r.visible[static_cast<std::size_t>(b * 3 * kNv + i)]);
      bool differ = false;
      for (int64_t j = 0; j < kNh; ++j)
        differ |= r.hidden[static_cast<std::size_t>((a * 3 + 1) * kNh + j)] != r.hidden[static_cast<std::size_t>((b * 3 + 1) * kNh + j)];
      EXPECT_TRUE(differ) << "replicas " << a << " and " << b << " share their step-2 hidden sample";
    }
}

TEST(GibbsEngine, LaterStepsSampleTheHiddenLayerFromTheAddressedStream) {
  const Rbm rbm = test_rbm();
  const int64_t N = 5;
  const std::vector<float> start = start_matrix(N, 1);
  GibbsOptions o = options(4);
  o.chain_offset = 1000;
  o.chains_per_vector = 3;  // global chains 1000..1004 = vector 333 chain 1, 2; vector 334 chain 0, 1, 2
  const GibbsResult r = make_gibbs_engine(Backend::cpu, rbm)->run(start.data(), N, o);
  const RandomStream hidden_rng{o.seed, RngPurpose::gibbs_hidden};
  int checked = 0;
  for (int64_t c = 0; c < N; ++c)
    for (int t = 1; t < 4; ++t) {
      int active = 0;
      for (int64_t j = 0; j < kNh; ++j) {
        // hprob from the previous step's kept visible state, in double.
        double a = rbm.b_h[static_cast<std::size_t>(j)];
        for (int64_t i = 0; i < kNv; ++i)
          a += static_cast<double>(r.visible[static_cast<std::size_t>((c * 4 + t - 1) * kNv + i)]) * rbm.W[static_cast<std::size_t>(i * kNh + j)];
        const double p = sigmoid_d(a);
        // Addressed by (a = vector, b = step, c = chain within the vector), written out by hand.
        const auto vector = static_cast<uint32_t>(c < 2 ? 333 : 334);
        const auto chain = static_cast<uint32_t>(c < 2 ? c + 1 : c - 2);
        const double u = uniform_from_bits(hidden_rng.bits(vector, static_cast<uint32_t>(t), static_cast<uint32_t>(j), chain));
        const float h = r.hidden[static_cast<std::size_t>((c * 4 + t) * kNh + j)];
        active += h == 1.0f;
        ASSERT_TRUE(h == 0.0f || h == 1.0f);
        if (std::abs(u - p) > 1e-5) {  // away from the decision boundary the draw is determined
          EXPECT_EQ(h, u < p ? 1.0f : 0.0f) << "chain " << c << " step " << t << " unit " << j;
          ++checked;
        }
      }
      EXPECT_FLOAT_EQ(r.activity[static_cast<std::size_t>(c * 4 + t)], 100.0f * static_cast<float>(active) / kNh);
    }
  EXPECT_GT(checked, 250);
}

TEST(GibbsEngine, SameSeedSameTrajectoriesOtherSeedOthers) {
  const Rbm rbm = test_rbm();
  const std::vector<float> start = start_matrix(4, 2);
  auto engine = make_gibbs_engine(Backend::cpu, rbm);
  const GibbsResult a = engine->run(start.data(), 8, options(6));
  const GibbsResult b = make_gibbs_engine(Backend::cpu, rbm)->run(start.data(), 8, options(6));
  EXPECT_EQ(a.visible, b.visible);
  EXPECT_EQ(a.hidden, b.hidden);
  EXPECT_EQ(a.activity, b.activity);
  GibbsOptions other = options(6);
  other.seed = 6;
  const GibbsResult c = engine->run(start.data(), 8, other);
  EXPECT_NE(a.hidden, c.hidden);
  // Step 1 does not draw in mean-field mode, so it is the same under any seed.
  EXPECT_EQ(std::vector<float>(a.visible.begin(), a.visible.begin() + kNv),
            std::vector<float>(c.visible.begin(), c.visible.begin() + kNv));
}

TEST(GibbsEngine, AShardWithItsChainOffsetReproducesTheFullRun) {
  const Rbm rbm = test_rbm();
  const int64_t N = 24, first = 9, count = 11;
  for (const VisibleMode mode : {VisibleMode::mean_field, VisibleMode::sampled}) {
    const std::vector<float> start = start_matrix(6, 4);
    GibbsOptions o = options(5);
    o.visible_mode = mode;
    o.chain_offset = 40;
    const GibbsResult full = make_gibbs_engine(Backend::cpu, rbm)->run(start.data(), N, o);
    o.chain_offset = 40 + first;
    const GibbsResult shard = make_gibbs_engine(Backend::cpu, rbm)->run(start.data() + first * kNh, count, o);
    auto slice = [](const std::vector<float>& v, int64_t row_len, int64_t from, int64_t n) {
      return std::vector<float>(v.begin() + from * row_len, v.begin() + (from + n) * row_len);
    };
    EXPECT_EQ(shard.visible, slice(full.visible, 5 * kNv, first, count)) << visible_mode_name(mode);
    EXPECT_EQ(shard.hidden, slice(full.hidden, 5 * kNh, first, count)) << visible_mode_name(mode);
    EXPECT_EQ(shard.activity, slice(full.activity, 5, first, count)) << visible_mode_name(mode);
  }
}

TEST(GibbsEngine, SampledVisibleModeIsBinaryAndMeanFieldIsNot) {
  const Rbm rbm = test_rbm();
  const std::vector<float> start = start_matrix(2, 2);
  GibbsOptions o = options(3);
  o.visible_mode = VisibleMode::sampled;
  const GibbsResult s = make_gibbs_engine(Backend::cpu, rbm)->run(start.data(), 4, o);
  for (const float v : s.visible) ASSERT_TRUE(v == 0.0f || v == 1.0f);
  o.visible_mode = VisibleMode::mean_field;
  const GibbsResult m = make_gibbs_engine(Backend::cpu, rbm)->run(start.data(), 4, o);
  int fractional = 0;
  for (const float v : m.visible) fractional += (v > 0.0f && v < 1.0f);
  EXPECT_EQ(fractional, static_cast<int>(m.visible.size()));
}

class RecordingSink final : public GibbsStepSink {
 public:
  void on_step(const GibbsStepView& view) override {
    steps.push_back(view.step);
    EXPECT_EQ(view.backend, Backend::cpu);
    visible.emplace_back(view.visible, view.visible + view.chains * view.n_visible);
    activity.emplace_back(view.activity, view.activity + view.chains);
  }
  std::vector<int> steps;
  std::vector<std::vector<float>> visible, activity;
};

TEST(GibbsEngine, KeepsChosenStepsAndFeedsTheSinkEveryStep) {
  const Rbm rbm = test_rbm();
  const int64_t N = 6;
  const std::vector<float> start = start_matrix(3, 2);
  auto engine = make_gibbs_engine(Backend::cpu, rbm);
  const GibbsResult all = engine->run(start.data(), N, options(7));
  GibbsOptions o = options(7);
  o.keep_visible = KeepVisible::steps;
  o.keep_steps = {0, 3, 6};
  o.keep_hidden_states = false;
  RecordingSink sink;
  const GibbsResult some = engine->run(start.data(), N, o, &sink);
  EXPECT_EQ(some.kept_steps, (std::vector<int>{0, 3, 6}));
  EXPECT_TRUE(some.hidden.empty());
  ASSERT_EQ(some.visible.size(), static_cast<std::size_t>(N * 3 * kNv));
  for (int64_t c = 0; c < N; ++c)
    for (int k = 0; k < 3; ++k)
      for (int64_t i = 0; i < kNv; ++i)
        ASSERT_EQ(some.visible[static_cast<std::size_t>((c * 3 + k) * kNv + i)],
                  all.visible[static_cast<std::size_t>((c * 7 + o.keep_steps[static_cast<std::size_t>(k)]) * kNv + i)]);
  EXPECT_EQ(some.activity, all.activity);
  ASSERT_EQ(sink.steps, (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
  for (int t = 0; t < 7; ++t)
    for (int64_t c = 0; c < N; ++c) {
      EXPECT_EQ(sink.activity[static_cast<std::size_t>(t)][static_cast<std::size_t>(c)], all.activity[static_cast<std::size_t>(c * 7 + t)]);
      for (int64_t i = 0; i < kNv; ++i)
        ASSERT_EQ(sink.visible[static_cast<std::size_t>(t)][static_cast<std::size_t>(c * kNv + i)],
                  all.visible[static_cast<std::size_t>((c * 7 + t) * kNv + i)]);
    }
  o.keep_visible = KeepVisible::none;
  const GibbsResult none = engine->run(start.data(), N, o);
  EXPECT_TRUE(none.visible.empty());
  EXPECT_TRUE(none.kept_steps.empty());
  EXPECT_EQ(none.activity, all.activity);
}

TEST(GibbsEngine, RejectsBadOptionsAndStarts) {
  auto engine = make_gibbs_engine(Backend::cpu, test_rbm());
  std::vector<float> start = start_matrix(1, 2);
  auto expect_error = [&](GibbsOptions o, const std::string& needle) {
    try {
      engine->run(start.data(), 2, o);
      FAIL() << "expected InputError mentioning " << needle;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  GibbsOptions o = options(5);
  o.steps = 0;
  expect_error(o, "`steps`");
  o = options(5);
  o.temperature = 0.0f;
  expect_error(o, "`temperature`");
  o = options(5);
  o.keep_visible = KeepVisible::steps;
  o.keep_steps = {0, 5};
  expect_error(o, "step 6 is outside 1..5");
  o.keep_steps = {3, 1};
  expect_error(o, "increasing");
  o = options(5);
  o.chain_offset = (uint64_t{1} << 32) - 1;
  expect_error(o, "2^32");
  o = options(5);
  o.chains_per_vector = 0;
  expect_error(o, "chains per vector 0");
  start[5] = std::numeric_limits<float>::infinity();
  expect_error(options(5), "start matrix: entry (chain 0, unit 5)");
}

}  // namespace
}  // namespace rbmdyn

namespace rbmdyn {
namespace {

TEST(ActivitySummary, VectorMeansThenMeanAndPopulationSem) {
  // 2 vectors × 2 chains × 3 steps. Step 2 (index 1): vector means (10+20)/2 = 15 and (30+50)/2 = 40;
  // across vectors mean 27.5, SEM = std(ddof 0)/√2 = 12.5/√2.
  const std::vector<float> a = {1, 10, 0, 2, 20, 0,   //
                                3, 30, 0, 4, 50, 0};
  const ActivityAtStep s = summarize_activity(a.data(), 2, 2, 3, 1);
  EXPECT_EQ(s.per_vector, (std::vector<double>{15.0, 40.0}));
  EXPECT_DOUBLE_EQ(s.across.mean, 27.5);
  EXPECT_NEAR(s.across.sem, 12.5 / std::sqrt(2.0), 1e-12);
  EXPECT_EQ(s.across.n, 2);
}

}  // namespace
}  // namespace rbmdyn
