#pragma once
// CPU layers of the classifier, forward and backward, templated on float (the engine) and double (the
// finite-difference gradient checks). These are the readable specification the cuDNN network is
// tested against.
//
// Layout: the convolutional part keeps activations channel-major over the batch, "CNHW":
// x[c, n, y, x] at ((c·B + n)·H + y)·W + x, i.e. a [C, B·H·W] matrix, so that a convolution over the
// whole batch is ONE GEMM (im2col: out[C_out, B·H·W] = W[C_out, C_in·9] · col[C_in·9, B·H·W]) and a
// BatchNorm channel is one contiguous row. The fully connected part is [B, F] (samples as rows);
// the flatten step transposes CNHW to per-image (C, H, W) order, as PyTorch's x.view(B, −1) on NCHW.
//
// Gradients (d*) are overwritten, not accumulated. Reductions (BatchNorm statistics, bias gradients)
// are summed in double in a fixed order per channel/column, so results do not depend on the thread
// count.
#include <cstdint>

#include "host/blas/cpu_blas.hpp"
#include "host/core/random.hpp"

namespace rbmdyn::cls {

// Row-major GEMM for T = float (cpu_sgemm, deterministic) or double (OpenBLAS dgemm), as cpu_sgemm.
template <class T>
void gemm(Trans ta, Trans tb, int64_t m, int64_t n, int64_t k, T alpha, const T* a, const T* b, T beta, T* c);

// 3×3 convolution, stride 1, zero padding 1, H = W = side.
//   in [C_in, B, side, side], weight [C_out, C_in·9] (OIHW), bias [C_out], out [C_out, B, side, side],
//   col: workspace of conv3x3_workspace(B, C_in, side) values (an im2col chunk per thread).
// FLOPs: 2·C_out·C_in·9·B·side² forward; twice that backward (data + filter).
// The batch is processed in chunks of whole images (≈ 256 output pixels each, in parallel) so that
// each chunk's im2col matrix stays in cache.
int64_t conv3x3_workspace(int64_t batch, int cin, int side);
template <class T>
void conv3x3_forward(int64_t batch, int cin, int cout, int side, const T* in, const T* weight, const T* bias, T* out,
                     T* col);
// din may be null (first layer). dweight [C_out, C_in·9], dbias [C_out].
template <class T>
void conv3x3_backward(int64_t batch, int cin, int cout, int side, const T* in, const T* weight, const T* dout, T* din,
                      T* dweight, T* dbias, T* col);

// BatchNorm over channel rows: x [C, N] (N = B·H·W). Training: batch mean and biased variance
// normalise; running_mean/var ← (1 − m)·running + m·(mean, unbiased variance); save_mean and
// save_invstd = 1/√(var + eps) keep what backward needs.
template <class T>
void batchnorm_train_forward(int channels, int64_t n, const T* x, const T* gamma, const T* beta, double eps,
                             double momentum, T* running_mean, T* running_var, T* y, T* save_mean, T* save_invstd);
template <class T>
void batchnorm_eval_forward(int channels, int64_t n, const T* x, const T* gamma, const T* beta, const T* running_mean,
                            const T* running_var, double eps, T* y);
// dx = γ·invstd/N·(N·dy − Σdy − x̂·Σ(dy·x̂)), dγ = Σ dy·x̂, dβ = Σ dy (per channel).
template <class T>
void batchnorm_backward(int channels, int64_t n, const T* x, const T* dy, const T* gamma, const T* save_mean,
                        const T* save_invstd, T* dx, T* dgamma, T* dbeta);

// In place: x = max(x, 0). Backward in place on dy: dy = dy·[y > 0].
template <class T>
void relu_forward(int64_t count, T* x);
template <class T>
void relu_backward(int64_t count, const T* y, T* dy);

// 2×2 max pooling, stride 2, over `planes` = C·B planes of side×side. arg [planes, (side/2)²] keeps the
// window position (0..3, row-major) of the maximum: the first one on ties.
template <class T>
void maxpool2x2_forward(int64_t planes, int side, const T* in, T* out, uint8_t* arg);
template <class T>
void maxpool2x2_backward(int64_t planes, int side, const T* dout, const uint8_t* arg, T* din);

// CNHW [C, B, P] ↔ per-image [B, C·P] (P = H·W).
template <class T>
void cnhw_to_rows(int channels, int64_t batch, int64_t plane, const T* in, T* out);
template <class T>
void rows_to_cnhw(int channels, int64_t batch, int64_t plane, const T* in, T* out);

// y [B, out] = x [B, in] · Wᵀ + b, with W [out, in] (PyTorch's layout).
template <class T>
void linear_forward(int64_t batch, int64_t in, int64_t out, const T* x, const T* W, const T* b, T* y);
// dW = dyᵀ·x, db = Σ_rows dy, dx = dy·W (dx may be null).
template <class T>
void linear_backward(int64_t batch, int64_t in, int64_t out, const T* x, const T* W, const T* dy, T* dx, T* dW,
                     T* db);

// y = x·mask with mask[r, u] = dropout_multiplier(bits of (a = r, b = b_coord, element = u)).
template <class T>
void dropout_forward(int64_t batch, int64_t units, float p, const RandomStream& rng, uint32_t b_coord, const T* x,
                     T* y, T* mask);
// In place on dy: dy = dy·mask.
template <class T>
void dropout_backward(int64_t count, const T* mask, T* dy);

// p [B, n] = softmax of each row of z.
template <class T>
void softmax_forward(int64_t batch, int n, const T* z, T* p);
// The double-softmax loss of method.md §6.3, averaged over the batch: writes dz = ∂(mean loss)/∂z and
// returns the SUM of the row losses.
template <class T>
double double_softmax_loss_backward(int64_t batch, int n, const T* p, const uint8_t* labels, T* dz);

}  // namespace rbmdyn::cls
