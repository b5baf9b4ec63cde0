#pragma once
// The CPU step of deep-model training (dbn.md §3): one RBM of a stack over a run of its fixed batches,
// each update by cd1_update_cpu, optionally passing each batch's probabilities up to the next layer. The
// CPU DbnLayers (host/rbm/dbn_layer.hpp) run it.
#include <cstdint>

#include "host/rbm/cd1_engine_cpu.hpp"
#include "host/rbm/dbn_layer.hpp"

namespace rbmdyn {

// CD-1 updates of `state` on the batches batches[0..count): batch n is rows n·B … n·B + B − 1 of
// X [*, n_in] (B = config.batch_size), at 0-based `epoch`. With a pass-up mode, rows n·B … of
// `up` [*, n_out] receive ↑(X[n]) = σ(X[n]·W + b_h). Returns Σ over the batches of Σ(X − V1p)².
double train_layer_batches(Cd1State& state, const Cd1Config& config, const float* X, const int32_t* batches,
                           int64_t count, int epoch, PassUp pass_up, float* up, Cd1CpuWorkspace& ws);

// out [n, n_hidden] = σ(X·W + b_h) for X [n, n_visible]: the mean-field up pass ↑ of one RBM.
void rbm_up_cpu(const Rbm& rbm, const float* X, int64_t n, float* out);

}  // namespace rbmdyn
