#include "host/rbm/dbn_layer_cpu.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

#include "host/blas/cpu_blas.hpp"
#include "host/core/error.hpp"
#include "host/core/math.hpp"
#include "host/runtime/nvtx.hpp"

namespace rbmdyn {

void rbm_up_cpu(const Rbm& rbm, const float* X, int64_t n, float* out) {
  const int64_t nh = rbm.n_hidden;
  cpu_sgemm(Trans::no, Trans::no, n, nh, rbm.n_visible, 1.0f, X, rbm.W.data(), 0.0f, out);
  const float* b_h = rbm.b_h.data();
#pragma omp parallel for schedule(static)
  for (int64_t r = 0; r < n; ++r) {
    float* p = out + r * nh;
#pragma omp simd
    for (int64_t j = 0; j < nh; ++j) p[j] = sigmoid(p[j] + b_h[j]);
  }
}

double train_layer_batches(Cd1State& state, const Cd1Config& config, const float* X, const int32_t* batches,
                           int64_t count, int epoch, PassUp pass_up, float* up, Cd1CpuWorkspace& ws) {
  const int B = config.batch_size;
  const int64_t n_in = state.rbm.n_visible;
  const int64_t n_out = state.rbm.n_hidden;
  std::vector<int32_t> rows(static_cast<std::size_t>(B));
  double sse = 0.0;
  for (int64_t k = 0; k < count; ++k) {
    NvtxRange range("train/update");
    const int64_t first = static_cast<int64_t>(batches[k]) * B;
    std::iota(rows.begin(), rows.end(), static_cast<int32_t>(first));
    sse += cd1_update_cpu(state, config, X, rows.data(), B, epoch, ws);
    if (pass_up == PassUp::before_update)  // P0 of this update, rows 0..B-1 of ws.hidden
      std::copy_n(ws.hidden.data(), B * n_out, up + first * n_out);
    else if (pass_up == PassUp::after_update)
      rbm_up_cpu(state.rbm, X + first * n_in, B, up + first * n_out);
  }
  return sse;
}

namespace {

// The reference: the states and X_2 … X_L in host memory, one update at a time by train_layer_batches.
class DbnLayersCpu final : public DbnLayers {
 public:
  DbnLayersCpu(const DbnConfig& config, const std::vector<Cd1State>& initial, const float* data, int64_t n_samples)
      : states_(initial), data_(data), inputs_(initial.size() + 1) {
    for (int l = 1; l <= config.depth(); ++l) configs_.push_back(config.layer_config(l));
    for (std::size_t l = 2; l < inputs_.size(); ++l)
      inputs_[l].assign(static_cast<std::size_t>(n_samples * config.sizes[l - 1]), 0.0f);
  }

  Backend backend() const override { return Backend::cpu; }

  double train(int l, const int32_t* batches, int64_t count, int epoch, PassUp pass_up) override {
    const auto i = static_cast<std::size_t>(l);
    const float* X = l == 1 ? data_ : inputs_[i].data();
    float* up = i + 1 < inputs_.size() ? inputs_[i + 1].data() : nullptr;
    return train_layer_batches(states_[i - 1], configs_[i - 1], X, batches, count, epoch, pass_up, up, ws_);
  }

  void store(std::vector<Cd1State>& layers) const override {
    for (std::size_t k = 0; k < states_.size(); ++k) {
      const int done = layers[k].epochs_done;
      layers[k] = states_[k];
      layers[k].epochs_done = done;
    }
  }

  std::vector<float> input(int l) const override { return inputs_[static_cast<std::size_t>(l)]; }

  void set_input(int l, const std::vector<float>& x) override {
    std::vector<float>& to = inputs_[static_cast<std::size_t>(l)];
    RBMDYN_CHECK(x.size() == to.size(), "a layer input of the wrong size");
    to = x;
  }

 private:
  std::vector<Cd1State> states_;
  const float* data_;                       // X_1
  std::vector<Cd1Config> configs_;
  std::vector<std::vector<float>> inputs_;  // [L + 1]: inputs_[l] = X_l for l ≥ 2 (0 and 1 unused)
  Cd1CpuWorkspace ws_;
};

}  // namespace

std::unique_ptr<DbnLayers> make_dbn_layers_cpu(const DbnConfig& config, const std::vector<Cd1State>& initial,
                                               const float* data, int64_t n_samples) {
  return std::make_unique<DbnLayersCpu>(config, initial, data, n_samples);
}

}  // namespace rbmdyn
