// One CD-1 update of the CPU engine against the double-precision reference of method.md §2.2.
#include <gtest/gtest.h>

#include "host/rbm/cd1_engine_cpu.hpp"
#include "tests/rbm/cd1_reference.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

void expect_close(const std::vector<float>& got, const std::vector<double>& want, double tol, const char* what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t k = 0; k < got.size(); ++k) ASSERT_NEAR(got[k], want[k], tol) << what << "[" << k << "]";
}

struct Fixture {
  Cd1Config config;
  Cd1State state;
  std::vector<float> data;
  Fixture(int nv, int nh, int n) {
    config.n_hidden = nh;
    config.seed = 1234;
    config.init_std = 0.5f;  // larger than the study's 0.1 so that a tiny RBM has non-trivial activations
    state = Cd1State::fresh(nv, config);
    // Non-zero biases and increments, so that every term of the update is exercised.
    for (int i = 0; i < nv; ++i) state.rbm.b_v[i] = 0.1f * static_cast<float>(i % 5) - 0.2f;
    for (int j = 0; j < nh; ++j) state.rbm.b_h[j] = 0.05f * static_cast<float>(j % 7) - 0.1f;
    for (std::size_t k = 0; k < state.dW.size(); ++k) state.dW[k] = 1e-3f * static_cast<float>(k % 11) - 5e-3f;
    for (int i = 0; i < nv; ++i) state.db_v[i] = 2e-3f * static_cast<float>(i % 3);
    for (int j = 0; j < nh; ++j) state.db_h[j] = -1e-3f * static_cast<float>(j % 4);
    data = test::random_unit_data(n, nv, 5);
  }
};

void check_update(int epoch, float switch_epoch_momentum_expected, int switch_epoch) {
  Fixture f(13, 9, 40);
  f.config.momentum_switch_epoch = switch_epoch;
  f.config.batch_size = 10;
  const std::vector<int32_t> rows = {3, 17, 0, 39, 22, 8, 8, 31, 12, 5};  // any rows, repeats allowed
  test::RefState ref(f.state);
  const double ref_sse = test::reference_cd1_update(ref, f.data.data(), rows, epoch, switch_epoch_momentum_expected,
                                                    0.1, 0.1, 0.1, 0.0002, f.config.seed);
  Cd1CpuWorkspace ws;
  const double sse = cd1_update_cpu(f.state, f.config, f.data.data(), rows.data(), 10, epoch, ws);
  EXPECT_NEAR(sse, ref_sse, 1e-5 * ref_sse);
  // float32 engine vs double reference: errors of a few ulp of values of order 1.
  expect_close(f.state.rbm.W, ref.W, 2e-6, "W");
  expect_close(f.state.dW, ref.dW, 2e-6, "dW");
  expect_close(f.state.rbm.b_v, ref.bv, 2e-6, "b_v");
  expect_close(f.state.db_v, ref.dbv, 2e-6, "db_v");
  expect_close(f.state.rbm.b_h, ref.bh, 2e-6, "b_h");
  expect_close(f.state.db_h, ref.dbh, 2e-6, "db_h");
}

TEST(Cd1Update, MatchesDoublePrecisionReference) { check_update(0, 0.5f, 6); }

// The authors' code switches at `epoch > 5` (0-based): epoch 5 still uses 0.5, epoch 6 uses 0.9.
TEST(Cd1Update, MomentumSwitchBoundaryFollowsTheAuthorsCode) {
  check_update(5, 0.5f, 6);
  check_update(6, 0.9f, 6);
  Cd1Config c;
  EXPECT_EQ(c.momentum_switch_epoch, 6);
  EXPECT_EQ(c.momentum_for_epoch(5), 0.5f);
  EXPECT_EQ(c.momentum_for_epoch(6), 0.9f);
}

// The paper text's "first 5 epochs" is the option --momentum-switch-epoch 5.
TEST(Cd1Update, PaperTextMomentumScheduleIsAnOption) {
  check_update(4, 0.5f, 5);
  check_update(5, 0.9f, 5);
}

TEST(Cd1Update, HiddenDrawsDependOnSampleAndEpochOnly) {
  // The same sample in another batch position (and another batch size) gives the same update when
  // the batch holds only that sample: the draw is addressed by (sample, epoch, unit).
  Fixture a(7, 5, 10), b(7, 5, 10);
  Cd1CpuWorkspace ws;
  const int32_t row = 4;
  const std::vector<int32_t> twice = {row, row};
  cd1_update_cpu(a.state, a.config, a.data.data(), &row, 1, 3, ws);
  cd1_update_cpu(b.state, b.config, b.data.data(), twice.data(), 2, 3, ws);
  // Batch of two identical rows = batch of one (statistics are means).
  for (std::size_t k = 0; k < a.state.rbm.W.size(); ++k) EXPECT_FLOAT_EQ(a.state.rbm.W[k], b.state.rbm.W[k]);
}

}  // namespace
}  // namespace rbmdyn
