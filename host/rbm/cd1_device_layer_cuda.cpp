#include "host/blas/gpu_blas.hpp"
#include "host/core/random.hpp"
#include "host/rbm/cd1_device_layer.hpp"
#include "host/runtime/nvtx.hpp"

namespace rbmdyn {

void Cd1DeviceWorkspace::reserve(int64_t batch, int64_t n_visible, int64_t n_hidden, cudaStream_t stream) {
  const auto grow = [stream](DeviceBuffer<float>& b, int64_t count) {
    if (b.size() >= static_cast<std::size_t>(count)) return;
    b.resize(static_cast<std::size_t>(count));
    b.zero(stream);
  };
  grow(visible, 2 * batch * n_visible);
  grow(hidden, 2 * batch * n_hidden);
  grow(h0, batch * n_hidden);
}

Cd1DeviceLayer::Cd1DeviceLayer(const Cd1Config& config, const Cd1State& initial, cudaStream_t s)
    : config_(config), nv_(initial.rbm.n_visible), nh_(initial.rbm.n_hidden) {
  W_.upload(initial.rbm.W, s);
  b_v_.upload(initial.rbm.b_v, s);
  b_h_.upload(initial.rbm.b_h, s);
  dW_.upload(initial.dW, s);
  db_v_.upload(initial.db_v, s);
  db_h_.upload(initial.db_h, s);
  scalars_.resize(1);
}

void Cd1DeviceLayer::set_epoch(int epoch, cudaStream_t stream) {
  const kernels::Cd1Scalars scalars{cd1_stream_b(epoch, config_.stream_layer), config_.momentum_for_epoch(epoch), 1.0f,
                                    0.0f, config_.lr_weights / static_cast<float>(config_.batch_size)};
  // From pageable memory: the call returns once `scalars` is staged, so the local may go.
  RBMDYN_CUDA_CHECK(cudaMemcpyAsync(scalars_.data(), &scalars, sizeof scalars, cudaMemcpyHostToDevice, stream));
}

void Cd1DeviceLayer::enqueue_update(cublasHandle_t h, const float* data, const int32_t* order, int64_t first,
                                    Cd1DeviceWorkspace& ws, double* row_sse, cudaStream_t s) {
  const int B = config_.batch_size;
  const kernels::Cd1Scalars* sc = scalars_.data();
  float* V0 = ws.visible.data();
  float* V1 = V0 + B * nv_;
  float* P0 = ws.hidden.data();
  float* P1neg = P0 + B * nh_;
  const kernels::Cd1VisibleDraws draws{config_.seed, order, first, sc};
  const bool sampled = config_.negative_visible == NegativeVisible::sampled;

  kernels::launch_gather_rows(data, order, first, B, nv_, V0, s);
  gpu_sgemm(h, Trans::no, Trans::no, B, nh_, nv_, &sc->one, V0, W_.data(), &sc->zero, P0);
  kernels::launch_cd1_hidden_sample(P0, ws.h0.data(), b_h_.data(), order, first, B, nh_, config_.seed, sc, s);
  gpu_sgemm(h, Trans::no, Trans::yes, B, nv_, nh_, &sc->one, ws.h0.data(), W_.data(), &sc->zero, V1);
  kernels::launch_cd1_visible_reconstruct(V1, V0, b_v_.data(), B, nv_, row_sse, sampled ? &draws : nullptr, s);
  gpu_sgemm(h, Trans::no, Trans::no, B, nh_, nv_, &sc->one, V1, W_.data(), &sc->zero, P1neg);
  kernels::launch_cd1_hidden_negative(P1neg, b_h_.data(), B, nh_, s);
  kernels::launch_cd1_bias_step(b_v_.data(), db_v_.data(), b_h_.data(), db_h_.data(), V0, P0, B, nv_, nh_,
                                config_.lr_visible_bias / static_cast<float>(B),
                                config_.lr_hidden_bias / static_cast<float>(B), sc, s);
  // dW = m·dW + (ε/B)·[V0; V1]ᵀ·[P0; −P1]
  gpu_sgemm(h, Trans::yes, Trans::no, nv_, nh_, 2 * B, &sc->lr_weights_over_b, V0, P0, &sc->momentum, dW_.data());
  kernels::launch_cd1_weight_step(W_.data(), dW_.data(), nv_ * nh_, config_.lr_weights * config_.weight_cost, s);
}

Cd1State Cd1DeviceLayer::download(int epochs_done, cudaStream_t stream) const {
  Cd1State s;
  s.rbm.n_visible = nv_;
  s.rbm.n_hidden = nh_;
  s.rbm.W = W_.to_host(stream);
  s.rbm.b_v = b_v_.to_host(stream);
  s.rbm.b_h = b_h_.to_host(stream);
  s.dW = dW_.to_host(stream);
  s.db_v = db_v_.to_host(stream);
  s.db_h = db_h_.to_host(stream);
  s.epochs_done = epochs_done;
  return s;
}

}  // namespace rbmdyn
