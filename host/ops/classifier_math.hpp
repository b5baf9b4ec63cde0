#pragma once
// Per-row and per-element math of the classifier shared by the CPU network (float and double, for the
// gradient checks) and the CUDA kernels (float), so that the twins compute the same values for the
// same inputs: softmax, the study's double-softmax loss and its gradient (method.md §6.3), dropout,
// prediction and the renormalised digit entropy (method.md §7.6).
#include <cmath>
#include <cstdint>

#include "host/core/hd.hpp"
#include "host/core/math.hpp"
#include "host/core/random.hpp"
#include "host/core/study.hpp"

namespace rbmdyn::cls {

RBMDYN_HD float exp_t(float x) { return exp_f32(x); }
RBMDYN_HD double exp_t(double x) { return exp(x); }
RBMDYN_HD float log_t(float x) { return logf(x); }
RBMDYN_HD double log_t(double x) { return log(x); }

// p = softmax(z) over one row of n values, max-subtracted.
template <class T>
RBMDYN_HD void softmax_row(const T* z, T* p, int n) {
  T m = z[0];
  for (int k = 1; k < n; ++k) m = z[k] > m ? z[k] : m;
  T sum = 0;
  for (int k = 0; k < n; ++k) {
    p[k] = exp_t(z[k] - m);
    sum += p[k];
  }
  const T inv = T(1) / sum;
  for (int k = 0; k < n; ++k) p[k] *= inv;
}

// The study's loss on one row (CrossEntropyLoss applied to the softmax outputs p):
//   loss = −log softmax(p)_y = log Σ_k e^{p_k} − p_y      (p ∈ [0, 1], so no overflow)
// and its gradient with respect to the logits z (p = softmax(z)), scaled by `scale` (1/B for the
// batch mean): g_k = scale·(softmax(p)_k − [k = y]);  dz_j = p_j·(g_j − Σ_k p_k g_k).
// Returns the unscaled loss of the row.
template <class T>
RBMDYN_HD T double_softmax_loss_row(const T* p, int label, int n, T scale, T* dz) {
  T e[32];  // n ≤ 32 (classes; checked by the callers)
  T sum = 0;
  for (int k = 0; k < n; ++k) {
    e[k] = exp_t(p[k]);
    sum += e[k];
  }
  const T loss = log_t(sum) - p[label];
  T dot = 0;
  for (int k = 0; k < n; ++k) {
    e[k] = scale * (e[k] / sum - (k == label ? T(1) : T(0)));
    dot += p[k] * e[k];
  }
  for (int k = 0; k < n; ++k) dz[k] = p[k] * (e[k] - dot);
  return loss;
}
inline constexpr int kMaxLossClasses = 32;

// Index of the largest value; the first one on ties (torch.argmax on CPU).
template <class T>
RBMDYN_HD int argmax_row(const T* p, int n) {
  int best = 0;
  for (int k = 1; k < n; ++k)
    if (p[k] > p[best]) best = k;
  return best;
}

// Entropy of the 10 digit probabilities renormalised (method.md §7.6): q_k = p_k / Σ_{j<10} p_j,
// H = −Σ q_k ln q_k with 0·ln 0 = 0; natural log. 0 when all digit mass is 0.
RBMDYN_HD float digit_entropy(const float* p) {
  float mass = 0.0f;
  for (int k = 0; k < kNumDigits; ++k) mass += p[k];
  if (!(mass > 0.0f)) return 0.0f;
  float h = 0.0f;
  for (int k = 0; k < kNumDigits; ++k) {
    const float q = p[k] / mass;
    if (q > 0.0f) h -= q * logf(q);
  }
  return h;
}

// Dropout multiplier of one unit: 0 with probability p (u < p), else 1/(1 − p) (PyTorch's inverted
// dropout). u from RandomStream{seed, classifier_dropout} at a = row in the batch,
// b = iteration·8 + dropout layer, element = unit.
RBMDYN_HD float dropout_multiplier(uint32_t bits, float p) {
  return uniform_from_bits(bits) < p ? 0.0f : 1.0f / (1.0f - p);
}
RBMDYN_HD uint32_t dropout_b(uint32_t iteration, int layer) { return iteration * 8u + static_cast<uint32_t>(layer); }

}  // namespace rbmdyn::cls
