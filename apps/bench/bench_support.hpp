#pragma once
// Shared pieces of the benchmark program: synthetic inputs and throughput counters.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <exception>
#include <vector>

namespace rbmdyn::bench {

// `rows` × `cols` values in [0, 1] with about 80 % zeros, like MNIST pixels (deterministic).
std::vector<float> synthetic_images(int64_t rows, int64_t cols, uint64_t seed = 1);

// $name as an integer, or `fallback` when it is not set (RBMDYN_BENCH_CHAINS, RBMDYN_BENCH_STEPS, …).
int64_t env_or(const char* name, int64_t fallback);

// Start matrix of a sweep-like Gibbs run [chains, n_hidden]: 100 LB-like continuous vectors (values in
// [0, 0.3)), each tiled ⌈chains / 100⌉ times, cut to `chains` rows.
std::vector<float> lb_like_start(int64_t chains, int64_t n_hidden);

// The first `rows` MNIST training images as x/255 [rows, 784] when MNIST is found ($RBMDYN_MNIST, else
// ../shared/data/mnist from the working directory or the source tree), else synthetic_images(). Real
// images matter for training benchmarks: the weights they produce keep activations in a realistic
// range (synthetic noise drives units into saturation and denormals after a few epochs).
std::vector<float> training_images(int64_t rows, bool* real = nullptr);

// For a CUDA benchmark: true (and the benchmark marked skipped, with the reason) when no CUDA device
// is usable here.
bool skip_without_gpu(benchmark::State& state);

// Runs a benchmark's body; an exception (a CUDA or cuDNN error, say) marks this benchmark as failed
// with its message (SkipWithError) instead of ending the program, so the other benchmarks still run.
template <class Body>
void guarded(benchmark::State& state, Body&& body) {
  try {
    body();
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

// Sets items/s and GFLOP/s counters from per-iteration totals.
void set_throughput(benchmark::State& state, double items_per_iteration, double flops_per_iteration,
                    const char* item_name = "images");

}  // namespace rbmdyn::bench
