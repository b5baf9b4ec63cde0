// The CPU Gibbs engine, the reference implementation of docs/method.md §4.1. Per step: one or two GEMMs
// (cpu_sgemm) over the whole batch ([N, n_v]·[n_v, n_h] and [N, n_h]·[n_h, n_v]), each followed by one
// vectorised OpenMP pass that fuses the bias, temperature, sigmoid, Philox draws, Bernoulli sample,
// activity count and the copy into the kept outputs, so the element-wise work reads each value once.
#include <algorithm>
#include <chrono>
#include <cmath>

#include "host/blas/cpu_blas.hpp"
#include "host/core/error.hpp"
#include "host/core/random_block.hpp"
#include "host/gibbs/gibbs_engine.hpp"
#include "host/ops/gibbs_math.hpp"
#include "host/runtime/nvtx.hpp"

namespace rbmdyn {
namespace {

class GibbsEngineCpu final : public GibbsEngine {
 public:
  explicit GibbsEngineCpu(const Rbm& rbm) : rbm_(rbm) {}

  Backend backend() const override { return Backend::cpu; }

  GibbsResult run(const float* start, int64_t chains, const GibbsOptions& o, GibbsStepSink* sink) override {
    const auto t0 = std::chrono::steady_clock::now();
    o.validate(chains);
    const int64_t N = chains;
    const int64_t nv = rbm_.n_visible;
    const int64_t nh = rbm_.n_hidden;
    require_finite_start(start, N, nh);

    GibbsResult res;
    res.chains = N;
    res.steps = o.steps;
    res.n_visible = nv;
    res.n_hidden = nh;
    res.kept_steps = o.kept_steps();
    const auto K = static_cast<int64_t>(res.kept_steps.size());
    res.visible.resize(static_cast<std::size_t>(N * K * nv));
    res.activity.resize(static_cast<std::size_t>(N * o.steps));
    if (o.keep_hidden_states) res.hidden.resize(static_cast<std::size_t>(N * o.steps * nh));

    std::vector<float> H(start, start + N * nh);  // [N, nh] hidden pre-activations, then states
    std::vector<float> V(static_cast<std::size_t>(N * nv));  // [N, nv] visible pre-activations, then states
    std::vector<float> act;                        // [N] activity of the current step
    std::size_t next_kept = 0;
    for (int t = 0; t < o.steps; ++t) {
      NvtxRange range("gibbs/step");
      float* hidden_keep = o.keep_hidden_states ? res.hidden.data() + t * nh : nullptr;  // row stride steps·nh
      if (t == 0) {
        act = start_activity(start, N, nh);
        if (hidden_keep)
          for (int64_t r = 0; r < N; ++r) std::copy_n(start + r * nh, nh, hidden_keep + r * o.steps * nh);
      } else {
        cpu_sgemm(Trans::no, Trans::no, N, nh, nv, 1.0f, V.data(), rbm_.W.data(), 0.0f, H.data());
        hidden_pass(H.data(), N, t, o, act.data(), hidden_keep);
      }
      cpu_sgemm(Trans::no, Trans::yes, N, nv, nh, 1.0f, H.data(), rbm_.W.data(), 0.0f, V.data());
      float* visible_keep = nullptr;  // row stride K·nv
      if (next_kept < res.kept_steps.size() && res.kept_steps[next_kept] == t)
        visible_keep = res.visible.data() + static_cast<int64_t>(next_kept++) * nv;
      visible_pass(V.data(), N, t, o, visible_keep, K);
      for (int64_t r = 0; r < N; ++r) res.activity[static_cast<std::size_t>(r * o.steps + t)] = act[static_cast<std::size_t>(r)];
      if (sink) sink->on_step(GibbsStepView{t, N, nv, V.data(), act.data(), Backend::cpu, nullptr});
    }
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
  }

 private:
  // In place over H [N, nh] holding v·W: hstate = Bern(σ((pre + b_h)/T)); act[r] = % active of row r;
  // rows also copied to hidden_keep[r·steps·nh ..] when given.
  void hidden_pass(float* H, int64_t N, int t, const GibbsOptions& o, float* act, float* hidden_keep) const {
    const int64_t nh = rbm_.n_hidden;
    const int64_t quads = (nh + 3) / 4;
    const RandomStream rng{o.seed, RngPurpose::gibbs_hidden};
#pragma omp parallel
    {
      // Thread-local copies: a shared float read through a pointer could alias row[j], which would
      // force a reload per element and keep the loop below from vectorising.
      const float* const b_h = rbm_.b_h.data();
      const float T = o.temperature;
      std::vector<float> u(static_cast<std::size_t>(4 * quads));
#pragma omp for schedule(static)
      for (int64_t r = 0; r < N; ++r) {
        const gibbs::ChainAddress at = gibbs::chain_address(o.chain_offset + static_cast<uint64_t>(r), o.chains_per_vector);
        fill_uniform_row(rng, at.vector, static_cast<uint32_t>(t), quads, u.data(), at.chain);
        float* row = H + r * nh;
        const float* uu = u.data();
        float active = 0.0f;  // a count of ones: exact in float
#pragma omp simd reduction(+ : active)
        for (int64_t j = 0; j < nh; ++j) {
          const float s = bernoulli(gibbs::conditional(row[j], b_h[j], T), uu[j]);
          row[j] = s;
          active += s;
        }
        act[r] = gibbs::activity_percent(active, nh);
        if (hidden_keep) std::copy_n(row, nh, hidden_keep + r * o.steps * nh);
      }
    }
  }

  // In place over V [N, nv] holding h·Wᵀ: vprob = σ((pre + b_v)/T), kept as is (mean-field) or sampled;
  // rows also copied to visible_keep[r·K·nv ..] when given.
  void visible_pass(float* V, int64_t N, int t, const GibbsOptions& o, float* visible_keep, int64_t K) const {
    const int64_t nv = rbm_.n_visible;
    const int64_t quads = (nv + 3) / 4;
    const bool sampled = o.visible_mode == VisibleMode::sampled;
    const RandomStream rng{o.seed, RngPurpose::gibbs_visible};
#pragma omp parallel
    {
      const float* const b_v = rbm_.b_v.data();  // thread-local copies, as in hidden_pass
      const float T = o.temperature;
      std::vector<float> u(static_cast<std::size_t>(4 * quads));
#pragma omp for schedule(static)
      for (int64_t r = 0; r < N; ++r) {
        float* row = V + r * nv;
        if (sampled) {
          const gibbs::ChainAddress at =
              gibbs::chain_address(o.chain_offset + static_cast<uint64_t>(r), o.chains_per_vector);
          fill_uniform_row(rng, at.vector, static_cast<uint32_t>(t), quads, u.data(), at.chain);
          const float* uu = u.data();
#pragma omp simd
          for (int64_t i = 0; i < nv; ++i) row[i] = bernoulli(gibbs::conditional(row[i], b_v[i], T), uu[i]);
        } else {
#pragma omp simd
          for (int64_t i = 0; i < nv; ++i) row[i] = gibbs::conditional(row[i], b_v[i], T);
        }
        if (visible_keep) std::copy_n(row, nv, visible_keep + r * K * nv);
      }
    }
  }

  Rbm rbm_;
};

}  // namespace

std::unique_ptr<GibbsEngine> make_gibbs_engine_cpu(const Rbm& rbm) { return std::make_unique<GibbsEngineCpu>(rbm); }

}  // namespace rbmdyn
