#pragma once
// Per-element steps of the CD-1 update (method.md §2.2), shared by the CPU engine and the CUDA kernels.
#include "host/core/hd.hpp"
#include "host/core/math.hpp"
#include "host/core/random.hpp"

namespace rbmdyn::cd1 {

// Hidden unit after the positive phase: p = σ(pre + b_h), state = Bern(p) with uniform u.
struct HiddenSample {
  float prob;
  float state;
};
RBMDYN_HD HiddenSample sample_hidden(float pre_activation, float bias, float u) {
  const float p = sigmoid(pre_activation + bias);
  return HiddenSample{p, bernoulli(p, u)};
}

// The weight step after the GEMM has formed dw = m·dw + (ε/B)(pos − neg): weight decay uses the
// pre-update w, then w += dw. `eps_lambda` = ε·λ.
RBMDYN_HD void weight_step(float& w, float& dw, float eps_lambda) {
  dw -= eps_lambda * w;
  w += dw;
}

// A bias step: db = m·db + (ε/B)·(pos − neg); b += db.
RBMDYN_HD void bias_step(float& b, float& db, float momentum, float eps_over_batch, float pos_minus_neg) {
  db = momentum * db + eps_over_batch * pos_minus_neg;
  b += db;
}

}  // namespace rbmdyn::cd1
