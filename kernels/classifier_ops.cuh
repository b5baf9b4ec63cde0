#pragma once
// The classifier's own kernels (the convolutions, BatchNorm, pooling and ReLU are cuDNN calls and the
// linear layers cuBLAS GEMMs, made by host/classifier/network_passes_cuda.cpp). The per-row/per-element
// math is host/ops/classifier_math.hpp, shared with the CPU twin (host/classifier/layers_cpu.cpp).
// All matrices row-major, samples as rows.
//
// Napkin cost at the paper's sizes: everything here touches ≤ B·4096 floats per call, i.e. a few µs
// (launch-bound); the step's time is in the GEMMs and convolutions.
#include <cuda_runtime.h>

#include <cstdint>

namespace rbmdyn::kernels {

// y[r, j] += b[j] for y [rows, cols].
void launch_add_bias_rows(float* y, const float* b, int64_t rows, int64_t cols, cudaStream_t stream);

// db[j] = Σ_r dy[r, j] (rows summed in order, one thread per column: deterministic).
void launch_bias_grad_rows(const float* dy, int64_t rows, int64_t cols, float* db, cudaStream_t stream);

// Inverted dropout: mask[r, u] = cls::dropout_multiplier(bits of (seed, classifier_dropout, a = r,
// b = b_coord, element = u), p), y = x·mask. One Philox call per thread serves 4 units.
void launch_dropout_forward(const float* x, float* y, float* mask, int64_t rows, int64_t units, float p,
                            uint64_t seed, uint32_t b_coord, cudaStream_t stream);
// In place: dy *= mask over `count` values.
void launch_multiply(float* dy, const float* mask, int64_t count, cudaStream_t stream);

// p[r, :] = softmax(z[r, :]) over n ≤ 32 classes; one thread per row.
void launch_softmax_rows(const float* z, float* p, int64_t rows, int n, cudaStream_t stream);

// The double-softmax loss (method.md §6.3) per row: dz [rows, n] = ∂(mean loss)/∂z, loss[r] = the
// row's loss, correct[r] = 1 when argmax p[r, :] == labels[r]. One thread per row.
void launch_double_softmax_loss(const float* p, const uint8_t* labels, int64_t rows, int n, float* dz, float* loss,
                                uint8_t* correct, cudaStream_t stream);

// One SGD step's statistics, kept on the device: *loss_sum = Σ_r loss[r] (double) and *correct_sum =
// Σ_r correct[r] over `rows` rows. One block, fixed summation order (deterministic).
void launch_sum_row_stats(const float* loss, const uint8_t* correct, int64_t rows, double* loss_sum,
                          int64_t* correct_sum, cudaStream_t stream);

// For each row of probabilities p [rows, n]: pred[r] = argmax (first on ties), entropy[r] = the
// renormalised digit entropy of method.md §7.6 (n ≥ 10), and probs_out[r, :] = p[r, :] when probs_out
// is not null. One thread per row.
void launch_classify_rows(const float* p, int64_t rows, int n, uint8_t* pred, float* entropy, float* probs_out,
                          cudaStream_t stream);

}  // namespace rbmdyn::kernels
