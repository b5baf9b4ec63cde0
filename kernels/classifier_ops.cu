#include "host/core/cuda_check.hpp"
#include "host/ops/classifier_math.hpp"
#include "kernels/classifier_ops.cuh"
#include "kernels/launch.cuh"

namespace rbmdyn::kernels {
namespace {

constexpr int kThreads = 256;

__global__ void add_bias_rows_kernel(float* __restrict__ y, const float* __restrict__ b, int64_t total, int64_t cols) {
  for (int64_t at = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; at < total;
       at += static_cast<int64_t>(gridDim.x) * blockDim.x)
    y[at] += b[at % cols];
}

__global__ void bias_grad_rows_kernel(const float* __restrict__ dy, int64_t rows, int64_t cols, float* __restrict__ db) {
  const int64_t j = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
  if (j >= cols) return;
  float s = 0.0f;
  for (int64_t r = 0; r < rows; ++r) s += dy[r * cols + j];
  db[j] = s;
}

__global__ void dropout_forward_kernel(const float* __restrict__ x, float* __restrict__ y, float* __restrict__ mask,
                                       int64_t units, float p, uint64_t seed, uint32_t b_coord) {
  const int64_t r = blockIdx.y;
  const int64_t quad = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
  if (4 * quad >= units) return;
  const RandomStream rng{seed, RngPurpose::classifier_dropout};
  const PhiloxCounter bits = rng.bits4(static_cast<uint32_t>(r), b_coord, static_cast<uint32_t>(quad));
  for (int lane = 0; lane < 4; ++lane) {
    const int64_t u = 4 * quad + lane;
    if (u >= units) break;
    const float m = cls::dropout_multiplier(bits.x[lane], p);
    mask[r * units + u] = m;
    y[r * units + u] = x[r * units + u] * m;
  }
}

__global__ void multiply_kernel(float* __restrict__ dy, const float* __restrict__ mask, int64_t count) {
  for (int64_t at = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; at < count;
       at += static_cast<int64_t>(gridDim.x) * blockDim.x)
    dy[at] *= mask[at];
}

__global__ void softmax_rows_kernel(const float* __restrict__ z, float* __restrict__ p, int64_t rows, int n) {
  const int64_t r = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
  if (r < rows) cls::softmax_row(z + r * n, p + r * n, n);
}

__global__ void double_softmax_loss_kernel(const float* __restrict__ p, const uint8_t* __restrict__ labels,
                                           int64_t rows, int n, float* __restrict__ dz, float* __restrict__ loss,
                                           uint8_t* __restrict__ correct) {
  const int64_t r = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
  if (r >= rows) return;
  const float scale = 1.0f / static_cast<float>(rows);
  loss[r] = cls::double_softmax_loss_row(p + r * n, labels[r], n, scale, dz + r * n);
  correct[r] = cls::argmax_row(p + r * n, n) == labels[r] ? 1 : 0;
}

__global__ void classify_rows_kernel(const float* __restrict__ p, int64_t rows, int n, uint8_t* __restrict__ pred,
                                     float* __restrict__ entropy, float* __restrict__ probs_out) {
  const int64_t r = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
  if (r >= rows) return;
  const float* row = p + r * n;
  pred[r] = static_cast<uint8_t>(cls::argmax_row(row, n));
  entropy[r] = cls::digit_entropy(row);
  if (probs_out != nullptr)
    for (int k = 0; k < n; ++k) probs_out[r * n + k] = row[k];
}

__global__ void sum_row_stats_kernel(const float* __restrict__ loss, const uint8_t* __restrict__ correct, int64_t rows,
                                     double* __restrict__ loss_sum, int64_t* __restrict__ correct_sum) {
  double l = 0.0;
  int64_t c = 0;
  for (int64_t r = threadIdx.x; r < rows; r += blockDim.x) {
    l += static_cast<double>(loss[r]);
    c += correct[r];
  }
  l = block_sum(l);
  c = block_sum(c);
  if (threadIdx.x == 0) {
    *loss_sum = l;
    *correct_sum = c;
  }
}

unsigned grid(int64_t n) { return static_cast<unsigned>(blocks_for(n, kThreads, 1 << 20)); }

}  // namespace

void launch_add_bias_rows(float* y, const float* b, int64_t rows, int64_t cols, cudaStream_t stream) {
  if (rows * cols == 0) return;
  add_bias_rows_kernel<<<grid(rows * cols), kThreads, 0, stream>>>(y, b, rows * cols, cols);
  RBMDYN_CHECK_LAUNCH();
}

void launch_bias_grad_rows(const float* dy, int64_t rows, int64_t cols, float* db, cudaStream_t stream) {
  if (cols == 0) return;
  bias_grad_rows_kernel<<<static_cast<unsigned>((cols + kThreads - 1) / kThreads), kThreads, 0, stream>>>(dy, rows,
                                                                                                         cols, db);
  RBMDYN_CHECK_LAUNCH();
}

void launch_dropout_forward(const float* x, float* y, float* mask, int64_t rows, int64_t units, float p,
                            uint64_t seed, uint32_t b_coord, cudaStream_t stream) {
  if (rows * units == 0) return;
  const int64_t quads = (units + 3) / 4;
  const dim3 blocks(static_cast<unsigned>((quads + kThreads - 1) / kThreads), static_cast<unsigned>(rows));
  dropout_forward_kernel<<<blocks, kThreads, 0, stream>>>(x, y, mask, units, p, seed, b_coord);
  RBMDYN_CHECK_LAUNCH();
}

void launch_multiply(float* dy, const float* mask, int64_t count, cudaStream_t stream) {
  if (count == 0) return;
  multiply_kernel<<<grid(count), kThreads, 0, stream>>>(dy, mask, count);
  RBMDYN_CHECK_LAUNCH();
}

void launch_softmax_rows(const float* z, float* p, int64_t rows, int n, cudaStream_t stream) {
  if (rows == 0) return;
  softmax_rows_kernel<<<static_cast<unsigned>((rows + kThreads - 1) / kThreads), kThreads, 0, stream>>>(z, p, rows, n);
  RBMDYN_CHECK_LAUNCH();
}

void launch_double_softmax_loss(const float* p, const uint8_t* labels, int64_t rows, int n, float* dz, float* loss,
                                uint8_t* correct, cudaStream_t stream) {
  if (rows == 0) return;
  double_softmax_loss_kernel<<<static_cast<unsigned>((rows + kThreads - 1) / kThreads), kThreads, 0, stream>>>(
      p, labels, rows, n, dz, loss, correct);
  RBMDYN_CHECK_LAUNCH();
}

void launch_sum_row_stats(const float* loss, const uint8_t* correct, int64_t rows, double* loss_sum,
                          int64_t* correct_sum, cudaStream_t stream) {
  sum_row_stats_kernel<<<1, kThreads, 0, stream>>>(loss, correct, rows, loss_sum, correct_sum);
  RBMDYN_CHECK_LAUNCH();
}

void launch_classify_rows(const float* p, int64_t rows, int n, uint8_t* pred, float* entropy, float* probs_out,
                          cudaStream_t stream) {
  if (rows == 0) return;
  classify_rows_kernel<<<static_cast<unsigned>((rows + kThreads - 1) / kThreads), kThreads, 0, stream>>>(
      p, rows, n, pred, entropy, probs_out);
  RBMDYN_CHECK_LAUNCH();
}

}  // namespace rbmdyn::kernels
