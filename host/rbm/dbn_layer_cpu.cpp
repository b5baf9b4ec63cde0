#include "host/rbm/dbn_layer_cpu.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

#include "host/blas/cpu_blas.hpp"
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

}  // namespace rbmdyn
