#pragma once
// Per-element step of the label-biasing readout (method.md §3.1), shared by the CPU loop
// (host/biasing/label_biasing.cpp) and the CUDA kernel (kernels/readout.cu).
#include "host/core/hd.hpp"
#include "host/core/math.hpp"
#include "host/core/random.hpp"

namespace rbmdyn::readout {

// The hidden value one image contributes to its class mean: p = σ(pre + b_h) (pre = x·W), then
// Bern(p) with uniform u when `sampled`, else p itself.
RBMDYN_HD float hidden_value(float pre_activation, float bias, float u, bool sampled) {
  const float p = sigmoid(pre_activation + bias);
  return sampled ? bernoulli(p, u) : p;
}

}  // namespace rbmdyn::readout
