#include "host/core/cuda_check.hpp"
#include "host/ops/cd1_math.hpp"
#include "kernels/cd1.cuh"
#include "kernels/launch.cuh"
#include "kernels/row_uniforms.cuh"

namespace rbmdyn::kernels {
namespace {

__global__ void gather_rows_kernel(const float* __restrict__ data, const int32_t* __restrict__ order, int64_t first,
                                   int batch, int64_t n_visible, float* __restrict__ out) {
  const int r = blockIdx.y;
  const float* src = data + static_cast<int64_t>(order[first + r]) * n_visible;
  for (int64_t i = blockIdx.x * blockDim.x + threadIdx.x; i < n_visible; i += gridDim.x * blockDim.x)
    out[r * n_visible + i] = src[i];
}

__global__ void hidden_sample_kernel(float* __restrict__ p, float* __restrict__ h0, const float* __restrict__ b_h,
                                     const int32_t* __restrict__ order, int64_t first, int64_t n_hidden,
                                     uint64_t seed, const Cd1Scalars* __restrict__ scalars) {
  const int r = blockIdx.y;
  const int64_t quad = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
  if (4 * quad >= n_hidden) return;
  const RandomStream rng{seed, RngPurpose::cd1_hidden};
  const auto sample = static_cast<uint32_t>(order[first + r]);
  const PhiloxCounter bits = rng.bits4(sample, scalars->stream_b, static_cast<uint32_t>(quad));
  for (int lane = 0; lane < 4; ++lane) {
    const int64_t j = 4 * quad + lane;
    if (j >= n_hidden) break;
    const int64_t at = r * n_hidden + j;
    const cd1::HiddenSample h = cd1::sample_hidden(p[at], b_h[j], uniform_from_bits(bits.x[lane]));
    p[at] = h.prob;
    h0[at] = h.state;
  }
}

constexpr int kVisibleThreads = 256;
using VisibleTile = RowUniformTile<kVisibleThreads>;

// Thread t sums units t, t + 256, … in increasing order (tile + k·256 + t), as a plain strided loop would.
__global__ void visible_reconstruct_kernel(float* __restrict__ v1, const float* __restrict__ v0,
                                           const float* __restrict__ b_v, int64_t n_visible,
                                           double* __restrict__ row_sse, bool sampled, Cd1VisibleDraws draws) {
  __shared__ float4 u4[kVisibleThreads];
  const VisibleTile tile{u4};
  const int r = blockIdx.x;
  const RandomStream rng{draws.seed, RngPurpose::cd1_visible};
  const auto sample = sampled ? static_cast<uint32_t>(draws.order[draws.first + r]) : 0u;
  const uint32_t b = sampled ? draws.scalars->stream_b : 0u;
  double sse = 0.0;
  for (int64_t first = 0; first < n_visible; first += VisibleTile::kTileElements) {
    if (sampled) tile.draw(rng, sample, b, first, n_visible);
    __syncthreads();
    for (int k = 0; k < 4; ++k) {
      const int e = k * kVisibleThreads + static_cast<int>(threadIdx.x);
      const int64_t i = first + e;
      if (i >= n_visible) break;
      const int64_t at = r * n_visible + i;
      const float v = sigmoid(v1[at] + b_v[i]);
      const double diff = static_cast<double>(v0[at]) - v;
      sse += diff * diff;
      v1[at] = sampled ? bernoulli(v, tile.u()[e]) : v;
    }
    __syncthreads();
  }
  sse = block_sum(sse);
  if (threadIdx.x == 0) row_sse[r] = sse;
}

__global__ void hidden_negative_kernel(float* __restrict__ p1neg, const float* __restrict__ b_h, int64_t total,
                                       int64_t n_hidden) {
  for (int64_t at = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; at < total;
       at += static_cast<int64_t>(gridDim.x) * blockDim.x)
    p1neg[at] = -sigmoid(p1neg[at] + b_h[at % n_hidden]);
}

__global__ void bias_step_kernel(float* __restrict__ b_v, float* __restrict__ db_v, float* __restrict__ b_h,
                                 float* __restrict__ db_h, const float* __restrict__ visible,
                                 const float* __restrict__ hidden, int batch, int64_t n_visible, int64_t n_hidden,
                                 float lr_visible_over_b, float lr_hidden_over_b,
                                 const Cd1Scalars* __restrict__ scalars) {
  const int64_t col = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
  const float m = scalars->momentum;
  if (col < n_visible) {
    double diff = 0.0;
    for (int r = 0; r < batch; ++r)
      diff += static_cast<double>(visible[r * n_visible + col]) - visible[(batch + r) * n_visible + col];
    cd1::bias_step(b_v[col], db_v[col], m, lr_visible_over_b, static_cast<float>(diff));
  } else if (col < n_visible + n_hidden) {
    const int64_t j = col - n_visible;
    double diff = 0.0;
    for (int r = 0; r < batch; ++r)
      diff += static_cast<double>(hidden[r * n_hidden + j]) + hidden[(batch + r) * n_hidden + j];
    cd1::bias_step(b_h[j], db_h[j], m, lr_hidden_over_b, static_cast<float>(diff));
  }
}

__global__ void weight_step_kernel(float4* __restrict__ W, float4* __restrict__ dW, int64_t count4, float eps_lambda) {
  for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < count4;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    float4 w = W[i];
    float4 d = dW[i];
    cd1::weight_step(w.x, d.x, eps_lambda);
    cd1::weight_step(w.y, d.y, eps_lambda);
    cd1::weight_step(w.z, d.z, eps_lambda);
    cd1::weight_step(w.w, d.w, eps_lambda);
    W[i] = w;
    dW[i] = d;
  }
}

__global__ void weight_step_tail_kernel(float* __restrict__ W, float* __restrict__ dW, int64_t first, int64_t count,
                                        float eps_lambda) {
  const int64_t i = first + blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
  if (i < count) cd1::weight_step(W[i], dW[i], eps_lambda);
}

}  // namespace

void launch_gather_rows(const float* data, const int32_t* order, int64_t first, int batch, int64_t n_visible,
                        float* out, cudaStream_t stream) {
  const dim3 grid(static_cast<unsigned>(blocks_for(n_visible, 256)), static_cast<unsigned>(batch));
  gather_rows_kernel<<<grid, 256, 0, stream>>>(data, order, first, batch, n_visible, out);
  RBMDYN_CHECK_LAUNCH();
}

void launch_cd1_hidden_sample(float* p, float* h0, const float* b_h, const int32_t* order, int64_t first, int batch,
                              int64_t n_hidden, uint64_t seed, const Cd1Scalars* scalars, cudaStream_t stream) {
  const dim3 grid(static_cast<unsigned>(blocks_for((n_hidden + 3) / 4, 128)), static_cast<unsigned>(batch));
  hidden_sample_kernel<<<grid, 128, 0, stream>>>(p, h0, b_h, order, first, n_hidden, seed, scalars);
  RBMDYN_CHECK_LAUNCH();
}

void launch_cd1_visible_reconstruct(float* v1, const float* v0, const float* b_v, int batch, int64_t n_visible,
                                    double* row_sse, const Cd1VisibleDraws* draws, cudaStream_t stream) {
  const Cd1VisibleDraws none{0, nullptr, 0, nullptr};  // unused when not sampled
  visible_reconstruct_kernel<<<batch, kVisibleThreads, 0, stream>>>(v1, v0, b_v, n_visible, row_sse, draws != nullptr,
                                                                    draws != nullptr ? *draws : none);
  RBMDYN_CHECK_LAUNCH();
}

void launch_cd1_hidden_negative(float* p1neg, const float* b_h, int batch, int64_t n_hidden, cudaStream_t stream) {
  const int64_t total = batch * n_hidden;
  hidden_negative_kernel<<<static_cast<unsigned>(blocks_for(total, 256)), 256, 0, stream>>>(p1neg, b_h, total,
                                                                                           n_hidden);
  RBMDYN_CHECK_LAUNCH();
}

void launch_cd1_bias_step(float* b_v, float* db_v, float* b_h, float* db_h, const float* visible, const float* hidden,
                          int batch, int64_t n_visible, int64_t n_hidden, float lr_visible_over_b,
                          float lr_hidden_over_b, const Cd1Scalars* scalars, cudaStream_t stream) {
  const int64_t columns = n_visible + n_hidden;
  bias_step_kernel<<<static_cast<unsigned>(blocks_for(columns, 128)), 128, 0, stream>>>(
      b_v, db_v, b_h, db_h, visible, hidden, batch, n_visible, n_hidden, lr_visible_over_b, lr_hidden_over_b, scalars);
  RBMDYN_CHECK_LAUNCH();
}

void launch_cd1_weight_step(float* W, float* dW, int64_t count, float eps_lambda, cudaStream_t stream) {
  // cudaMalloc'd buffers are 256-byte aligned, so the float4 body is aligned; a tail handles count % 4.
  const int64_t count4 = count / 4;
  if (count4 > 0) {
    weight_step_kernel<<<static_cast<unsigned>(blocks_for(count4, 256, 4096)), 256, 0, stream>>>(
        reinterpret_cast<float4*>(W), reinterpret_cast<float4*>(dW), count4, eps_lambda);
    RBMDYN_CHECK_LAUNCH();
  }
  if (count % 4 != 0) {
    weight_step_tail_kernel<<<1, 4, 0, stream>>>(W, dW, 4 * count4, count, eps_lambda);
    RBMDYN_CHECK_LAUNCH();
  }
}

}  // namespace rbmdyn::kernels
