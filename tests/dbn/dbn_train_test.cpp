// Deep-model training (dbn.md §3): the one-layer stack is the RBM bit for bit; one sampled-V1 layer
// update against the double-precision reference; greedy, iterative and mini-batch schedules step by step
// against a reference loop written from the pseudo-code of §3.2–3.3; exact resume.
#include <gtest/gtest.h>

#include <numeric>

#include "host/core/error.hpp"
#include "host/rbm/dbn_layer_cpu.hpp"
#include "host/rbm/dbn_trainer.hpp"
#include "host/rbm/rbm_trainer.hpp"
#include "tests/rbm/cd1_reference.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

TEST(DbnTraining, OneLayerStackReproducesTrainRbmBitForBit) {
  const int64_t n = 150, nv = 20;
  const std::vector<float> data = test::random_unit_data(n, nv, 9);
  Cd1Config rbm_config;  // the RBM recipe of docs/method.md: mean-field V1, file order
  rbm_config.n_hidden = 8;
  rbm_config.epochs = 8;  // crosses the momentum switch at epoch 6
  rbm_config.batch_size = 25;
  rbm_config.seed = 77;
  RbmTrainingOptions ro;
  ro.config = rbm_config;
  ro.out = test::temp_dir() / "rbm.safetensors";
  ro.progress = false;
  const RbmTrainingResult rbm = train_rbm(data.data(), n, ro, fresh_checkpoint(rbm_config, nv, n));

  DbnTrainingOptions dbo;
  dbo.config.sizes = {nv, 8};
  dbo.config.cd1 = rbm_config;
  dbo.config.batch_shuffle = false;
  dbo.out = test::temp_dir() / "stack.safetensors";
  dbo.progress = false;
  for (DbnAlgorithm a : {DbnAlgorithm::greedy, DbnAlgorithm::iterative}) {
    dbo.config.algorithm = a;
    const DbnTrainingResult dbn = train_dbn(data.data(), n, dbo, fresh_dbn_checkpoint(dbo.config, n));
    ASSERT_EQ(dbn.stack.depth(), 1);
    EXPECT_EQ(dbn.stack.top().W, rbm.state.rbm.W) << dbn_algorithm_name(a);
    EXPECT_EQ(dbn.stack.top().b_v, rbm.state.rbm.b_v);
    EXPECT_EQ(dbn.stack.top().b_h, rbm.state.rbm.b_h);
    ASSERT_EQ(dbn.history.size(), rbm.history.size());
    // Same SSE: mse · values = rmse² · values.
    for (std::size_t e = 0; e < dbn.history.size(); ++e)
      EXPECT_DOUBLE_EQ(dbn.history[e].mse, rbm.history[e].rmse * rbm.history[e].rmse);
  }
}

TEST(DbnTraining, SampledNegativeVisibleUpdateMatchesDoublePrecisionReference) {
  const int nv = 11, nh = 7;
  Cd1Config c = deep_cd1_defaults();
  c.n_hidden = nh;
  c.seed = 4321;
  c.init_std = 0.5f;
  c.lr_weights = c.lr_visible_bias = c.lr_hidden_bias = 0.1f;  // large enough that every term shows
  c.stream_layer = 2;  // the third RBM of a stack: its own draws
  Cd1State s = Cd1State::fresh(nv, c);
  for (int i = 0; i < nv; ++i) s.rbm.b_v[i] = 0.1f * static_cast<float>(i % 5) - 0.2f;
  for (std::size_t k = 0; k < s.dW.size(); ++k) s.dW[k] = 1e-3f * static_cast<float>(k % 11) - 5e-3f;
  const std::vector<float> data = test::random_unit_data(30, nv, 2);
  const std::vector<int32_t> rows = {4, 9, 0, 29, 17, 3, 3, 22};
  test::RefState ref(s);
  const double ref_sse = test::reference_cd1_update(ref, data.data(), rows, 7, 0.9, 0.1, 0.1, 0.1, 1e-4, c.seed,
                                                    test::RefCd1Variant{true, 2});
  Cd1CpuWorkspace ws;
  const double sse = cd1_update_cpu(s, c, data.data(), rows.data(), 8, 7, ws);
  EXPECT_NEAR(sse, ref_sse, 1e-5 * ref_sse);
  // The negative visible is binary: V1 rows of the workspace hold only 0 and 1.
  for (int64_t k = 8 * nv; k < 16 * nv; ++k) ASSERT_TRUE(ws.visible[k] == 0.0f || ws.visible[k] == 1.0f) << k;
  for (std::size_t k = 0; k < ref.W.size(); ++k) ASSERT_NEAR(s.rbm.W[k], ref.W[k], 2e-6) << "W " << k;
  for (int i = 0; i < nv; ++i) ASSERT_NEAR(s.rbm.b_v[i], ref.bv[i], 2e-6) << "b_v " << i;
  for (int j = 0; j < nh; ++j) ASSERT_NEAR(s.rbm.b_h[j], ref.bh[j], 2e-6) << "b_h " << j;
  // The mean-field variant differs (the option is not ignored).
  Cd1Config mf = c;
  mf.negative_visible = NegativeVisible::mean_field;
  Cd1State s2 = Cd1State::fresh(nv, mf);
  Cd1CpuWorkspace ws2;
  cd1_update_cpu(s2, mf, data.data(), rows.data(), 8, 7, ws2);
  EXPECT_GT(test::max_abs_diff(s2.rbm.W, s.rbm.W), 1e-4);
}

// ---- the reference loop of §3.2–3.3, in double precision, with the engine's draws ----

struct RefDbn {
  std::vector<test::RefState> layers;
  explicit RefDbn(const DbnCheckpoint& ck) {
    for (const Cd1State& s : ck.layers) layers.emplace_back(s);
  }
};

std::vector<double> ref_up(const test::RefState& s, const std::vector<double>& X, int64_t n) {
  std::vector<double> out(static_cast<std::size_t>(n * s.nh));
  for (int64_t r = 0; r < n; ++r)
    for (int j = 0; j < s.nh; ++j) {
      double a = s.bh[j];
      for (int i = 0; i < s.nv; ++i) a += X[r * s.nv + i] * s.W[i * s.nh + j];
      out[r * s.nh + j] = test::ref_sigmoid(a);
    }
  return out;
}

void ref_update(RefDbn& m, int l, const std::vector<double>& X, int32_t batch, int B, int e, const DbnConfig& c) {
  std::vector<float> Xf(X.begin(), X.end());  // the reference update reads float data
  std::vector<int32_t> rows(B);
  std::iota(rows.begin(), rows.end(), batch * B);
  const Cd1Config lc = c.layer_config(l);
  test::reference_cd1_update(m.layers[l - 1], Xf.data(), rows, e, lc.momentum_for_epoch(e), lc.lr_weights,
                             lc.lr_visible_bias, lc.lr_hidden_bias, lc.weight_cost, lc.seed,
                             test::RefCd1Variant{true, static_cast<uint32_t>(l - 1)});
}

// X_{l+1}[batch] = ↑_l(X_l[batch]) with the reference's current parameters.
void ref_pass_up(const RefDbn& m, int l, const std::vector<double>& X, std::vector<double>& up, int32_t batch, int B) {
  const test::RefState& s = m.layers[l - 1];
  const std::vector<double> rows(X.begin() + batch * B * s.nv, X.begin() + (batch + 1) * B * s.nv);
  const std::vector<double> p = ref_up(s, rows, B);
  std::copy(p.begin(), p.end(), up.begin() + batch * B * s.nh);
}

RefDbn reference_training(const DbnConfig& c, const DbnCheckpoint& start, const std::vector<float>& data, int64_t n) {
  RefDbn m(start);
  const int L = c.depth(), B = c.cd1.batch_size, E = c.cd1.epochs;
  const int64_t nb = n / B;
  std::vector<std::vector<double>> X;  // X[l] = input of RBM l; X[0] unused
  X.emplace_back();
  X.emplace_back(data.begin(), data.begin() + n * c.sizes[0]);
  for (int l = 2; l <= L; ++l) X.emplace_back(static_cast<std::size_t>(n * c.sizes[l - 1]), 0.0);
  if (c.algorithm == DbnAlgorithm::greedy) {
    for (int l = 1; l <= L; ++l)
      for (int e = 0; e < E; ++e)
        for (int32_t b : dbn_batch_order(c.cd1.seed, nb, e, l, c.batch_shuffle)) {
          ref_update(m, l, X[l], b, B, e, c);
          if (l < L) ref_pass_up(m, l, X[l], X[l + 1], b, B);  // AFTER the update (only the last epoch's survive)
        }
  } else if (c.idbn_schedule == IdbnSchedule::epoch) {
    for (int e = 0; e < E; ++e)
      for (int l = 1; l <= L; ++l)
        for (int32_t b : dbn_batch_order(c.cd1.seed, nb, e, l, c.batch_shuffle)) {
          if (l < L) ref_pass_up(m, l, X[l], X[l + 1], b, B);  // BEFORE the update
          ref_update(m, l, X[l], b, B, e, c);
        }
  } else {
    for (int e = 0; e < E; ++e)
      for (int32_t b : dbn_batch_order(c.cd1.seed, nb, e, 1, c.batch_shuffle))
        for (int l = 1; l <= L; ++l) {
          if (l < L) ref_pass_up(m, l, X[l], X[l + 1], b, B);
          ref_update(m, l, X[l], b, B, e, c);
        }
  }
  return m;
}

DbnConfig tiny_config(DbnAlgorithm a, IdbnSchedule s) {
  DbnConfig c;
  c.sizes = {6, 5, 4, 3};
  c.algorithm = a;
  c.idbn_schedule = s;
  c.cd1.epochs = 3;
  c.cd1.batch_size = 4;
  c.cd1.momentum_switch_epoch = 1;  // both momenta within 3 epochs
  c.cd1.init_std = 0.5f;
  c.cd1.lr_weights = c.cd1.lr_visible_bias = c.cd1.lr_hidden_bias = 0.2f;
  c.cd1.seed = 2024;
  return c;
}

void check_against_reference(DbnAlgorithm a, IdbnSchedule s) {
  const DbnConfig c = tiny_config(a, s);
  const int64_t n = 18;  // 4 full batches of 4; the last 2 images are never used
  const std::vector<float> data = test::random_unit_data(n, 6, 3);
  DbnTrainingOptions o;
  o.config = c;
  o.out = test::temp_dir() / "tiny.safetensors";
  o.progress = false;
  const DbnCheckpoint start = fresh_dbn_checkpoint(c, 16);
  const DbnTrainingResult got = train_dbn(data.data(), n, o, start);
  const RefDbn want = reference_training(c, start, data, 16);
  EXPECT_EQ(got.n_samples, 16);
  ASSERT_EQ(got.history.size(), 9u);
  for (int l = 0; l < 3; ++l) {
    const Rbm& r = got.stack.layers[l];
    for (std::size_t k = 0; k < r.W.size(); ++k) ASSERT_NEAR(r.W[k], want.layers[l].W[k], 1e-5) << "layer " << l + 1 << " W " << k;
    for (std::size_t k = 0; k < r.b_v.size(); ++k) ASSERT_NEAR(r.b_v[k], want.layers[l].bv[k], 1e-5) << "b_v " << k;
    for (std::size_t k = 0; k < r.b_h.size(); ++k) ASSERT_NEAR(r.b_h[k], want.layers[l].bh[k], 1e-5) << "b_h " << k;
  }
}

TEST(DbnTraining, GreedyFollowsTheReferenceLoop) { check_against_reference(DbnAlgorithm::greedy, IdbnSchedule::epoch); }
TEST(DbnTraining, IterativeFollowsTheReferenceLoop) { check_against_reference(DbnAlgorithm::iterative, IdbnSchedule::epoch); }
TEST(DbnTraining, MinibatchScheduleFollowsTheReferenceLoop) {
  check_against_reference(DbnAlgorithm::iterative, IdbnSchedule::minibatch);
}

TEST(DbnTraining, SchedulesGiveDifferentModels) {
  const std::vector<float> data = test::random_unit_data(16, 6, 3);
  std::vector<std::vector<float>> top;
  for (auto [a, s] : {std::pair{DbnAlgorithm::greedy, IdbnSchedule::epoch}, std::pair{DbnAlgorithm::iterative, IdbnSchedule::epoch},
                      std::pair{DbnAlgorithm::iterative, IdbnSchedule::minibatch}}) {
    DbnTrainingOptions o;
    o.config = tiny_config(a, s);
    o.out = test::temp_dir() / "s.safetensors";
    o.progress = false;
    top.push_back(train_dbn(data.data(), 16, o, fresh_dbn_checkpoint(o.config, 16)).stack.top().W);
  }
  EXPECT_GT(test::max_abs_diff(top[0], top[1]), 1e-4);
  EXPECT_GT(test::max_abs_diff(top[1], top[2]), 1e-4);
}

TEST(DbnTraining, BatchOrderIsAPermutationPerEpochAndLayer) {
  const auto a = dbn_batch_order(1, 468, 0, 1, true);
  std::vector<int32_t> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int32_t> iota(468);
  std::iota(iota.begin(), iota.end(), 0);
  EXPECT_EQ(sorted, iota);
  EXPECT_NE(a, iota);
  EXPECT_NE(a, dbn_batch_order(1, 468, 0, 2, true));
  EXPECT_NE(a, dbn_batch_order(1, 468, 1, 1, true));
  EXPECT_EQ(a, dbn_batch_order(1, 468, 0, 1, true));
  EXPECT_EQ(dbn_batch_order(1, 468, 0, 1, false), iota);
}

void check_resume(DbnAlgorithm a, int first_epochs) {
  DbnConfig c = tiny_config(a, IdbnSchedule::epoch);
  c.cd1.epochs = 4;
  const std::vector<float> data = test::random_unit_data(16, 6, 3);
  DbnTrainingOptions o;
  o.config = c;
  o.progress = false;
  o.out = test::temp_dir() / "straight.safetensors";
  const DbnTrainingResult straight = train_dbn(data.data(), 16, o, fresh_dbn_checkpoint(c, 16));

  o.out = test::temp_dir() / "resumed.safetensors";
  o.config.cd1.epochs = first_epochs;
  train_dbn(data.data(), 16, o, fresh_dbn_checkpoint(o.config, 16));
  o.config.cd1.epochs = 4;
  DbnCheckpoint ck = load_dbn_checkpoint(dbn_checkpoint_path(o.out));
  const DbnTrainingResult resumed = train_dbn(data.data(), 16, o, std::move(ck));
  for (int l = 0; l < 3; ++l) EXPECT_EQ(resumed.stack.layers[l].W, straight.stack.layers[l].W) << "layer " << l + 1;
  EXPECT_EQ(resumed.history.size(), straight.history.size());
}

TEST(DbnTraining, IterativeResumesExactly) { check_resume(DbnAlgorithm::iterative, 2); }

// Greedy with 4 epochs per layer, stopped after layer 1 and with its epochs set to 2 then 4: the
// checkpoint of the shorter run finishes all layers at 2 epochs, so resume from a mid-layer state instead.
TEST(DbnTraining, GreedyResumesExactlyMidStack) {
  DbnConfig c = tiny_config(DbnAlgorithm::greedy, IdbnSchedule::epoch);
  c.cd1.epochs = 3;
  const std::vector<float> data = test::random_unit_data(16, 6, 3);
  DbnTrainingOptions o;
  o.config = c;
  o.progress = false;
  o.checkpoint_every = 1;
  o.out = test::temp_dir() / "g.safetensors";
  std::vector<DbnCheckpoint> snapshots;
  const DbnTrainingResult straight = train_dbn(data.data(), 16, o, fresh_dbn_checkpoint(c, 16), [&](const DbnEpochRecord& r) {
    if (r.layer == 2 && r.epoch == 1) snapshots.push_back(load_dbn_checkpoint(dbn_checkpoint_path(o.out)));
  });
  // The checkpoint loaded after layer 2, epoch 1 was written after layer 2, epoch 0: layer 2 has 1 epoch.
  ASSERT_EQ(snapshots.size(), 1u);
  ASSERT_EQ(snapshots[0].layers[1].epochs_done, 1);
  ASSERT_EQ(snapshots[0].input.size(), 16u * 5u);
  o.out = test::temp_dir() / "g2.safetensors";
  const DbnTrainingResult resumed = train_dbn(data.data(), 16, o, snapshots[0]);
  for (int l = 0; l < 3; ++l) EXPECT_EQ(resumed.stack.layers[l].W, straight.stack.layers[l].W) << "layer " << l + 1;
}

TEST(DbnTraining, ResumeRefusesOtherOptions) {
  DbnConfig c = tiny_config(DbnAlgorithm::iterative, IdbnSchedule::epoch);
  const std::vector<float> data = test::random_unit_data(16, 6, 3);
  DbnTrainingOptions o;
  o.config = c;
  o.progress = false;
  o.out = test::temp_dir() / "r.safetensors";
  DbnCheckpoint ck = fresh_dbn_checkpoint(c, 16);
  o.config.cd1.lr_weights = 0.5f;
  EXPECT_THROW(train_dbn(data.data(), 16, o, ck), InputError);
}

}  // namespace
}  // namespace rbmdyn
