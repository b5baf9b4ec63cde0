// Metric reduction at the study's largest shape (method.md §7; 45 pairs × 100 chains × 100 steps).
//   metrics/cpu_reduce       the CPU trajectory reducer (per-chain scan, transitions, no labels)
//   metrics/cpu_moments      per-step moments of a float array per group (entropy / % active)
//   metrics/cuda_reduce      the same reduction from device-resident pred (CUDA-event timing, includes
//                            the small uploads and result downloads it performs)
// Items are predictions (chain × step). The bytes counter is the pred bytes read once.
#include <vector>

#include "apps/bench/bench_support.hpp"
#include "host/analysis/trajectory_analysis.hpp"
#include "host/analysis/trajectory_reduction.hpp"
#include "host/runtime/device.hpp"
#ifdef RBMDYN_HAVE_CUDA
#include "host/runtime/device_buffer.hpp"
#endif

namespace rbmdyn::bench {
namespace {

using namespace rbmdyn::analysis;

constexpr int32_t kGroups = 45;
constexpr int64_t kChainsPerGroup = 100;
constexpr int64_t kChains = kGroups * kChainsPerGroup;
constexpr int64_t kSteps = 100;

// Long runs of one class with occasional jumps, like real trajectories (deterministic).
std::vector<uint8_t> synthetic_predictions() {
  std::vector<uint8_t> pred(kChains * kSteps);
  uint32_t state = 7u;
  uint8_t current = 0;
  for (std::size_t i = 0; i < pred.size(); ++i) {
    state = state * 1664525u + 1013904223u;
    if (i % kSteps == 0 || (state >> 24) < 20) current = static_cast<uint8_t>((state >> 8) % 11);
    pred[i] = current;
  }
  return pred;
}

void set_counters(benchmark::State& state) {
  const double items = static_cast<double>(kChains * kSteps);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kChains * kSteps);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * items));
}

void BM_metrics_cpu_reduce(benchmark::State& state) {
  const std::vector<uint8_t> pred = synthetic_predictions();
  const ChainGrouping grouping = contiguous_grouping(kGroups, kChainsPerGroup);
  const auto reducer = make_trajectory_reducer_cpu();
  for (auto _ : state) benchmark::DoNotOptimize(reducer->reduce(pred.data(), kChains, kSteps, grouping));
  set_counters(state);
}

void BM_metrics_cpu_moments(benchmark::State& state) {
  std::vector<float> values(kChains * kSteps);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i % 97) * 0.01f;
  const ChainGrouping grouping = contiguous_grouping(kGroups, kChainsPerGroup);
  const auto reducer = make_trajectory_reducer_cpu();
  for (auto _ : state)
    benchmark::DoNotOptimize(step_statistics(*reducer, values.data(), kChains, kSteps, grouping, 1));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kChains * kSteps);
}

void metrics_cuda_reduce(benchmark::State& state) {
  if (skip_without_gpu(state)) return;
#ifdef RBMDYN_HAVE_CUDA
  const std::vector<uint8_t> host = synthetic_predictions();
  const ChainGrouping grouping = contiguous_grouping(kGroups, kChainsPerGroup);
  CudaStream stream;
  DeviceBuffer<uint8_t> pred;
  pred.upload(host, stream.get());
  const auto reducer = make_trajectory_reducer(Backend::cuda, stream.get());
  (void)reducer->reduce(pred.data(), kChains, kSteps, grouping);  // warm-up
  for (auto _ : state) {
    CudaEvent begin, end;
    begin.record(stream.get());
    benchmark::DoNotOptimize(reducer->reduce(pred.data(), kChains, kSteps, grouping));
    end.record(stream.get());
    end.synchronize();
    state.SetIterationTime(end.elapsed_ms_since(begin) * 1e-3);
  }
  set_counters(state);
#endif
}

void BM_metrics_cuda_reduce(benchmark::State& state) {
  guarded(state, [&] { metrics_cuda_reduce(state); });
}

BENCHMARK(BM_metrics_cpu_reduce)->Name("metrics/cpu_reduce")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_metrics_cpu_moments)->Name("metrics/cpu_moments")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_metrics_cuda_reduce)->Name("metrics/cuda_reduce")->Unit(benchmark::kMicrosecond)->UseManualTime();

}  // namespace
}  // namespace rbmdyn::bench
