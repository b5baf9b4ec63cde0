#include <algorithm>
#include <numeric>

#include "host/blas/cpu_blas.hpp"
#include "host/core/error.hpp"
#include "host/core/random_block.hpp"
#include "host/ops/cd1_math.hpp"
#include "host/rbm/cd1_engine_cpu.hpp"
#include "host/runtime/nvtx.hpp"

namespace rbmdyn {

void Cd1CpuWorkspace::reserve(int64_t batch, int64_t n_visible, int64_t n_hidden) {
  visible.resize(static_cast<std::size_t>(2 * batch * n_visible));
  hidden.resize(static_cast<std::size_t>(2 * batch * n_hidden));
  h0.resize(static_cast<std::size_t>(batch * n_hidden));
  row_sse.resize(static_cast<std::size_t>(batch));
}

namespace {

// 1–2. Positive phase and hidden sample: P0 = σ(V0·W + b_h), H0 = Bern(P0) with the uniforms of
// (cd1_hidden, a = sample index rows[r], b = stream_b). V0, P0, H0: [B, ·].
void positive_phase(const Rbm& rbm, const float* V0, const int32_t* rows, int64_t B, uint32_t stream_b,
                    const RandomStream& rng, float* P0, float* H0) {
  const int64_t nv = rbm.n_visible;
  const int64_t nh = rbm.n_hidden;
  const float* b_h = rbm.b_h.data();
  cpu_sgemm(Trans::no, Trans::no, B, nh, nv, 1.0f, V0, rbm.W.data(), 0.0f, P0);
  const int64_t quads = (nh + 3) / 4;
#pragma omp parallel
  {
    std::vector<uint32_t> bits(static_cast<std::size_t>(4 * quads));
#pragma omp for schedule(static)
    for (int64_t r = 0; r < B; ++r) {
      const auto sample = static_cast<uint32_t>(rows[r]);
      for (int64_t q = 0; q < quads; ++q) {
        const PhiloxCounter c = rng.bits4(sample, stream_b, static_cast<uint32_t>(q));
        for (int lane = 0; lane < 4; ++lane) bits[static_cast<std::size_t>(4 * q + lane)] = c.x[lane];
      }
      float* p = P0 + r * nh;
      float* h = H0 + r * nh;
#pragma omp simd
      for (int64_t j = 0; j < nh; ++j) {
        const cd1::HiddenSample hs = cd1::sample_hidden(p[j], b_h[j], uniform_from_bits(bits[static_cast<std::size_t>(j)]));
        p[j] = hs.prob;
        h[j] = hs.state;
      }
    }
  }
}

// 3. Negative phase: V1p = σ(H0·Wᵀ + b_v); V1 = V1p (mean-field) or Bern(V1p) with the uniforms of
// (cd1_visible, a = sample index rows[r], b = stream_b) when `sampled`; P1neg = −σ(V1·W + b_h).
// 4. row_sse[r] = Σ(V0 − V1p)², against the probability in both modes.
void negative_phase(const Rbm& rbm, const float* V0, const float* H0, const int32_t* rows, int64_t B,
                    uint32_t stream_b, const RandomStream* sampled, float* V1, float* P1neg, double* row_sse) {
  const int64_t nv = rbm.n_visible;
  const int64_t nh = rbm.n_hidden;
  const float* W = rbm.W.data();
  const float* b_v = rbm.b_v.data();
  const float* b_h = rbm.b_h.data();
  cpu_sgemm(Trans::no, Trans::yes, B, nv, nh, 1.0f, H0, W, 0.0f, V1);
  const int64_t quads = (nv + 3) / 4;
#pragma omp parallel
  {
    std::vector<float> u(sampled ? static_cast<std::size_t>(4 * quads) : 0);
#pragma omp for schedule(static)
    for (int64_t r = 0; r < B; ++r) {
      float* v1 = V1 + r * nv;
      const float* v0 = V0 + r * nv;
      // The sigmoid in its own loop, so that it vectorises; the squared error in a second, sequential one
      // (GCC kept the fused loop scalar: 17 % of an iDBN epoch).
#pragma omp simd
      for (int64_t i = 0; i < nv; ++i) v1[i] = sigmoid(v1[i] + b_v[i]);
      double sse = 0.0;
      for (int64_t i = 0; i < nv; ++i) {
        const double diff = static_cast<double>(v0[i]) - static_cast<double>(v1[i]);
        sse += diff * diff;
      }
      row_sse[r] = sse;
      if (sampled) {
        fill_uniform_row(*sampled, static_cast<uint32_t>(rows[r]), stream_b, quads, u.data());
        const float* uu = u.data();
#pragma omp simd
        for (int64_t i = 0; i < nv; ++i) v1[i] = bernoulli(v1[i], uu[i]);
      }
    }
  }
  cpu_sgemm(Trans::no, Trans::no, B, nh, nv, 1.0f, V1, W, 0.0f, P1neg);
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < B; ++r) {
    float* p = P1neg + r * nh;
#pragma omp simd
    for (int64_t j = 0; j < nh; ++j) p[j] = -sigmoid(p[j] + b_h[j]);
  }
}

// 5–6. A bias increment and step from the column sums Σ_r (top + sign·bottom) of two [B, n] blocks. The
// sums are in double, accumulated row by row (vectorised across columns), so the result does not depend
// on the thread count.
void bias_update(const float* top, const float* bottom, float sign, int64_t B, int64_t n, float lr_over_b,
                 float momentum, float* bias, float* increment) {
  constexpr int64_t kBlock = 256;
#pragma omp parallel for schedule(static)
  for (int64_t first = 0; first < n; first += kBlock) {
    const int64_t len = std::min(kBlock, n - first);
    double acc[kBlock] = {};
    for (int64_t r = 0; r < B; ++r) {
      const float* a = top + r * n + first;
      const float* b = bottom + r * n + first;
#pragma omp simd
      for (int64_t i = 0; i < len; ++i) acc[i] += static_cast<double>(a[i]) + sign * static_cast<double>(b[i]);
    }
    for (int64_t i = 0; i < len; ++i)
      cd1::bias_step(bias[first + i], increment[first + i], momentum, lr_over_b, static_cast<float>(acc[i]));
  }
}

}  // namespace

double cd1_update_cpu(Cd1State& s, const Cd1Config& config, const float* data, const int32_t* rows, int batch,
                      int epoch, Cd1CpuWorkspace& ws) {
  const int64_t nv = s.rbm.n_visible;
  const int64_t nh = s.rbm.n_hidden;
  const int64_t B = batch;
  ws.reserve(B, nv, nh);
  float* V0 = ws.visible.data();
  float* V1 = V0 + B * nv;
  float* P0 = ws.hidden.data();
  float* P1neg = P0 + B * nh;
  float* H0 = ws.h0.data();
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < B; ++r)
    std::copy_n(data + static_cast<int64_t>(rows[r]) * nv, nv, V0 + r * nv);

  const uint32_t stream_b = cd1_stream_b(epoch, config.stream_layer);
  positive_phase(s.rbm, V0, rows, B, stream_b, RandomStream{config.seed, RngPurpose::cd1_hidden}, P0, H0);
  const RandomStream visible_rng{config.seed, RngPurpose::cd1_visible};
  const bool sample_v1 = config.negative_visible == NegativeVisible::sampled;
  negative_phase(s.rbm, V0, H0, rows, B, stream_b, sample_v1 ? &visible_rng : nullptr, V1, P1neg, ws.row_sse.data());

  // 5–7. Increments and parameter step.
  const float m = config.momentum_for_epoch(epoch);
  const float inv_b = 1.0f / static_cast<float>(B);
  bias_update(V0, V1, -1.0f, B, nv, config.lr_visible_bias * inv_b, m, s.rbm.b_v.data(), s.db_v.data());  // Σ(V0 − V1)
  bias_update(P0, P1neg, 1.0f, B, nh, config.lr_hidden_bias * inv_b, m, s.rbm.b_h.data(), s.db_h.data());  // Σ(P0 − P1)
  cpu_sgemm(Trans::yes, Trans::no, nv, nh, 2 * B, config.lr_weights * inv_b, ws.visible.data(), ws.hidden.data(), m,
            s.dW.data());
  const float eps_lambda = config.lr_weights * config.weight_cost;
  float* Wm = s.rbm.W.data();
  float* dW = s.dW.data();
#pragma omp parallel for simd schedule(static)
  for (int64_t i = 0; i < nv * nh; ++i) cd1::weight_step(Wm[i], dW[i], eps_lambda);

  return std::accumulate(ws.row_sse.begin(), ws.row_sse.begin() + B, 0.0);
}

namespace {

class Cd1EngineCpu final : public Cd1Engine {
 public:
  // The batches index `data` through the epoch order, so the sample count is not needed here.
  Cd1EngineCpu(const Cd1Config& config, Cd1State initial, const float* data)
      : config_(config), state_(std::move(initial)), data_(data) {}

  Cd1Errors train_epoch(int epoch, const std::vector<int32_t>& order) override {
    const int B = config_.batch_size;
    const auto batches = static_cast<int64_t>(order.size()) / B;
    Cd1Errors errors;
    for (int64_t b = 0; b < batches; ++b) {
      NvtxRange range("train/update");
      const double sse = cd1_update_cpu(state_, config_, data_, order.data() + b * B, B, epoch, workspace_);
      errors.sse += sse;
      errors.sum_batch_error += std::sqrt(sse);
    }
    errors.values = batches * B * state_.rbm.n_visible;
    state_.epochs_done = epoch + 1;
    return errors;
  }

  Cd1State state() const override { return state_; }

 private:
  Cd1Config config_;
  Cd1State state_;
  const float* data_;
  Cd1CpuWorkspace workspace_;
};

}  // namespace

std::unique_ptr<Cd1Engine> make_cd1_engine_cpu(const Cd1Config& config, Cd1State initial, const float* data,
                                               int64_t /*n_samples*/) {
  return std::make_unique<Cd1EngineCpu>(config, std::move(initial), data);
}

}  // namespace rbmdyn
