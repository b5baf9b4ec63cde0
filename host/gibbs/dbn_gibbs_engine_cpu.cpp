// The CPU engine of deep top-down generation (host/gibbs/dbn_gibbs_engine.hpp), the reference. Per
// product: one cpu_sgemm over all chains, then one vectorised OpenMP pass that fuses bias, temperature,
// sigmoid, the Philox draws and the Bernoulli sample with the activity count (as gibbs_engine_cpu.cpp).
#include <algorithm>
#include <chrono>
#include <cmath>

#include "host/blas/cpu_blas.hpp"
#include "host/core/error.hpp"
#include "host/core/random_block.hpp"
#include "host/gibbs/dbn_gibbs_engine.hpp"
#include "host/ops/gibbs_math.hpp"
#include "host/runtime/nvtx.hpp"

namespace rbmdyn {
namespace {

// Where a pass's uniforms come from: stream and b coordinate; row r is global chain chain_offset + r,
// addressed as (a = vector, c = chain) by gibbs::chain_address, as the RBM engine addresses it.
struct Draws {
  RandomStream rng;
  uint32_t b = 0;
  uint64_t chain_offset = 0;
  uint64_t chains_per_vector = 1;
};

// In place over X [N, n] holding a GEMM result: X = Bern(σ((X + bias)/T)) with `draws`, or the
// probability when `draws` is null. act[r] = % active of row r when given (sampled passes only).
void conditional_pass(float* X, int64_t N, int64_t n, const float* bias, float T, const Draws* draws, float* act) {
  const int64_t quads = (n + 3) / 4;
#pragma omp parallel
  {
    std::vector<float> u(draws ? static_cast<std::size_t>(4 * quads) : 0);
#pragma omp for schedule(static)
    for (int64_t r = 0; r < N; ++r) {
      float* row = X + r * n;
      if (!draws) {
#pragma omp simd
        for (int64_t j = 0; j < n; ++j) row[j] = gibbs::conditional(row[j], bias[j], T);
        continue;
      }
      const gibbs::ChainAddress at =
          gibbs::chain_address(draws->chain_offset + static_cast<uint64_t>(r), draws->chains_per_vector);
      fill_uniform_row(draws->rng, at.vector, draws->b, quads, u.data(), at.chain);
      const float* uu = u.data();
      float active = 0.0f;  // a count of ones: exact in float
#pragma omp simd reduction(+ : active)
      for (int64_t j = 0; j < n; ++j) {
        const float s = bernoulli(gibbs::conditional(row[j], bias[j], T), uu[j]);
        row[j] = s;
        active += s;
      }
      if (act) act[r] = gibbs::activity_percent(active, n);
    }
  }
}

class DbnGibbsEngineCpu final : public GibbsEngine {
 public:
  DbnGibbsEngineCpu(const RbmStack& stack, DeepStep step) : stack_(stack), step_(step), L_(stack.depth()) {}

  Backend backend() const override { return Backend::cpu; }

  GibbsResult run(const float* start, int64_t chains, const GibbsOptions& o, GibbsStepSink* sink) override {
    const auto t0 = std::chrono::steady_clock::now();
    const int64_t N = chains, nv = stack_.n_visible(), nt = stack_.n_top();
    validate_deep_run(o, start, N, nt);
    GibbsResult res = prepare(N, o);
    const auto K = static_cast<int64_t>(res.kept_steps.size());
    // x_[l] [N, n_l]: l = 0 the visible probabilities, 1 … L−1 the hidden samples, L the top states.
    x_.assign(static_cast<std::size_t>(L_ + 1), {});
    for (int l = 0; l <= L_; ++l) x_[static_cast<std::size_t>(l)].assign(static_cast<std::size_t>(N * size(l)), 0.0f);
    std::vector<float> act(static_cast<std::size_t>(N * L_));  // [L, N] % active per layer of this step
    std::size_t next_kept = 0;
    for (int t = 0; t < o.steps; ++t) {
      NvtxRange range("gibbs/step");
      if (t == 0) {
        std::copy_n(start, N * nt, x_[static_cast<std::size_t>(L_)].begin());
        const std::vector<float> a0 = start_activity(start, N, nt);
        std::copy(a0.begin(), a0.end(), act.begin() + (L_ - 1) * N);
      } else {
        up_pass(N, t, o, act.data() + (L_ - 1) * N);
      }
      down_pass(N, t, o, act.data());
      record(res, N, t, o, act, next_kept, K);
      if (sink) sink->on_step(GibbsStepView{t, N, nv, x_[0].data(), act.data() + (L_ - 1) * N, Backend::cpu, nullptr});
    }
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
  }

 private:
  int64_t size(int l) const { return stack_.sizes()[static_cast<std::size_t>(l)]; }
  const Rbm& rbm(int l) const { return stack_.layers[static_cast<std::size_t>(l - 1)]; }
  Draws dbn_draws(const GibbsOptions& o, int t, uint32_t slot) const {
    return Draws{RandomStream{o.seed, RngPurpose::dbn_gibbs}, static_cast<uint32_t>(t) * 16u + slot, o.chain_offset,
                 o.chains_per_vector};
  }

  GibbsResult prepare(int64_t N, const GibbsOptions& o) const {
    GibbsResult res;
    res.chains = N;
    res.steps = o.steps;
    res.n_visible = stack_.n_visible();
    res.n_hidden = stack_.n_top();
    res.depth = L_;
    res.kept_steps = o.kept_steps();
    res.visible.resize(static_cast<std::size_t>(N * static_cast<int64_t>(res.kept_steps.size()) * res.n_visible));
    res.activity.resize(static_cast<std::size_t>(N * o.steps));
    res.layer_activity.resize(static_cast<std::size_t>(N * o.steps * L_));
    if (o.keep_hidden_states) res.hidden.resize(static_cast<std::size_t>(N * o.steps * res.n_hidden));
    return res;
  }

  // t > 0: the new top states from the previous visible probabilities (sweep) or from the previous
  // down-pass sample of layer L − 1 (top_gibbs). `top_act` [N].
  void up_pass(int64_t N, int t, const GibbsOptions& o, float* top_act) {
    const int from = step_ == DeepStep::sweep ? 0 : L_ - 1;
    for (int l = from + 1; l <= L_; ++l) {
      const Rbm& r = rbm(l);
      float* below = x_[static_cast<std::size_t>(l - 1)].data();
      float* above = x_[static_cast<std::size_t>(l)].data();
      cpu_sgemm(Trans::no, Trans::no, N, r.n_hidden, r.n_visible, 1.0f, below, r.W.data(), 0.0f, above);
      const Draws d = l == L_ ? Draws{RandomStream{o.seed, RngPurpose::gibbs_hidden}, static_cast<uint32_t>(t),
                                      o.chain_offset, o.chains_per_vector}
                              : dbn_draws(o, t, static_cast<uint32_t>(l - 1));
      conditional_pass(above, N, r.n_hidden, r.b_h.data(), o.temperature, &d, l == L_ ? top_act : nullptr);
    }
  }

  // h_{L−1} … h_1 sampled, then v = ↓_1(h_1) as a probability. act [L, N]: rows 0 … L−2 get layers 1 … L−1.
  void down_pass(int64_t N, int t, const GibbsOptions& o, float* act) {
    for (int l = L_; l >= 1; --l) {
      const Rbm& r = rbm(l);
      float* above = x_[static_cast<std::size_t>(l)].data();
      float* below = x_[static_cast<std::size_t>(l - 1)].data();
      cpu_sgemm(Trans::no, Trans::yes, N, r.n_visible, r.n_hidden, 1.0f, above, r.W.data(), 0.0f, below);
      if (l == 1) {
        conditional_pass(below, N, r.n_visible, r.b_v.data(), o.temperature, nullptr, nullptr);
      } else {
        const Draws d = dbn_draws(o, t, 8u + static_cast<uint32_t>(l - 2));
        conditional_pass(below, N, r.n_visible, r.b_v.data(), o.temperature, &d, act + (l - 2) * N);
      }
    }
  }

  void record(GibbsResult& res, int64_t N, int t, const GibbsOptions& o, const std::vector<float>& act,
              std::size_t& next_kept, int64_t K) const {
    const int64_t nv = res.n_visible, nt = res.n_hidden;
    const bool keep_v = next_kept < res.kept_steps.size() && res.kept_steps[next_kept] == t;
    for (int64_t r = 0; r < N; ++r) {
      res.activity[static_cast<std::size_t>(r * o.steps + t)] = act[static_cast<std::size_t>((L_ - 1) * N + r)];
      for (int l = 0; l < L_; ++l)
        res.layer_activity[static_cast<std::size_t>((r * o.steps + t) * L_ + l)] = act[static_cast<std::size_t>(l * N + r)];
      if (keep_v)
        std::copy_n(x_[0].data() + r * nv, nv, res.visible.data() + (r * K + static_cast<int64_t>(next_kept)) * nv);
      if (o.keep_hidden_states)
        std::copy_n(x_[static_cast<std::size_t>(L_)].data() + r * nt, nt, res.hidden.data() + (r * o.steps + t) * nt);
    }
    if (keep_v) ++next_kept;
  }

  RbmStack stack_;
  DeepStep step_;
  int L_;
  std::vector<std::vector<float>> x_;
};

}  // namespace

std::unique_ptr<GibbsEngine> make_dbn_gibbs_engine_cpu(const RbmStack& stack, DeepStep step) {
  return std::make_unique<DbnGibbsEngineCpu>(stack, step);
}

}  // namespace rbmdyn
