#pragma once
// Shared pieces of the benchmark program: synthetic inputs and throughput counters.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <exception>
#include <vector>

namespace rbmdyn::bench {

// `rows` × `cols` values in [0, 1] with about 80 % zeros, like MNIST pixels (deterministic).
std::vector<float> synthetic_images(int64_t rows, int64_t cols, uint64_t seed = 1);

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
