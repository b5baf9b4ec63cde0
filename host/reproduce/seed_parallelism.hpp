#pragma once
// Running the seeds of `reproduce` side by side. Seeds are independent (own RBM, readout, chains and
// classifier instance), so on a GPU several fit at once and keep it busy where one seed's small
// kernels (CD-1 on batches of 125) would leave it mostly idle. On the CPU every core already works on
// one seed, so seeds run one after the other.
#include <cstddef>
#include <cstdint>
#include <functional>

#include "host/classifier/arch.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn {

// Napkin estimate of the device memory one seed needs at its peak, in bytes (×1.25 margin): the RBM
// training state (W, dW, gradients, a batch), the readout (images and hidden states), the sweep's
// chains (visible and hidden states, per-step arrays) and a classifier instance (parameters and the
// activations of one internal batch of `classifier_batch` images).
std::size_t seed_device_bytes(const ClassifierArch& arch, int64_t classifier_batch, int64_t chains_total,
                              int64_t steps, int64_t readout_images, int64_t n_visible = 784,
                              int64_t n_hidden = 1000);

// Seeds to run at once: 1 on the CPU; on CUDA ⌊0.8 · free_bytes / per_seed_bytes⌋, clamped to
// 1..seeds. `requested` > 0 overrides (still clamped to 1..seeds).
int seeds_at_once(Backend backend, int seeds, std::size_t free_bytes, std::size_t per_seed_bytes, int requested = 0);

// Runs job(0) … job(n − 1), at most `at_once` at a time (on worker threads when at_once > 1, else in
// order on the calling thread). Every job runs even when another throws; afterwards the exception of
// the lowest-numbered failed job is rethrown.
void run_jobs(int n, int at_once, const std::function<void(int)>& job);

}  // namespace rbmdyn
