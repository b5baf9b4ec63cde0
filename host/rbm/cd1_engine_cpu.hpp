#pragma once
// The CPU CD-1 engine (the reference implementation), exposed for tests and the benchmark.
#include <cstdint>
#include <vector>

#include "host/rbm/cd1_engine.hpp"

namespace rbmdyn {

// Scratch buffers for one batch of size B (allocated once per engine).
struct Cd1CpuWorkspace {
  std::vector<float> visible;     // [2B, n_visible]: rows 0..B-1 = V0, rows B..2B-1 = V1
  std::vector<float> hidden;      // [2B, n_hidden]:  rows 0..B-1 = P0, rows B..2B-1 = −P1
  std::vector<float> h0;          // [B, n_hidden] sampled hidden states
  std::vector<double> row_sse;    // [B]
  void reserve(int64_t batch, int64_t n_visible, int64_t n_hidden);
};

// One CD-1 update on the batch rows[0..batch) of `data` [*, n_visible] at 0-based `epoch`, exactly
// as method.md §2.2. Updates `state` in place and returns the batch SSE Σ(V0 − V1)².
//
// The positive and negative statistics are one GEMM: dW = m·dW + (ε/B)·[V0; V1]ᵀ·[P0; −P1]
// (784 × 2B times 2B × 1000), so C is read and written once per update instead of twice.
double cd1_update_cpu(Cd1State& state, const Cd1Config& config, const float* data, const int32_t* rows, int batch,
                      int epoch, Cd1CpuWorkspace& ws);

}  // namespace rbmdyn
