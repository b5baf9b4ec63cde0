#pragma once
// Shared pieces of the benchmark program: synthetic inputs and throughput counters.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

namespace rbmdyn::bench {

// `rows` × `cols` values in [0, 1] with about 80 % zeros, like MNIST pixels (deterministic).
std::vector<float> synthetic_images(int64_t rows, int64_t cols, uint64_t seed = 1);

// Sets items/s and GFLOP/s counters from per-iteration totals.
void set_throughput(benchmark::State& state, double items_per_iteration, double flops_per_iteration,
                    const char* item_name = "images");

}  // namespace rbmdyn::bench
