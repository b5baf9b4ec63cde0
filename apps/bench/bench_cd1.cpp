// CD-1 training throughput (method.md §2.2 at the study's sizes: 784×1000, batch 125).
//   cd1/cpu_epoch     one epoch of the CPU engine over N images
//   cd1/cpu_gemms     only the GEMMs an epoch performs, same BLAS, same shapes: the engine's floor
//   cd1/cuda_epoch    one epoch of the CUDA engine (CUDA-event timing; skipped without a device)
// N = 60000 by default (RBMDYN_BENCH_IMAGES overrides, e.g. 6000 for a quick look). Real MNIST images
// when found (see training_images), synthetic ones otherwise.
#include <cstdlib>
#include <numeric>

#include "apps/bench/bench_support.hpp"
#include "host/blas/cpu_blas.hpp"
#include "host/rbm/cd1_engine_cpu.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn::bench {
namespace {

constexpr int64_t kVisible = 784;
constexpr int64_t kHidden = 1000;
constexpr int kBatch = 125;

int64_t bench_images() {
  const char* env = std::getenv("RBMDYN_BENCH_IMAGES");
  const int64_t n = env ? std::atoll(env) : 60000;
  return std::max<int64_t>(kBatch, n / kBatch * kBatch);
}

// 5 GEMM-equivalents of 2·B·784·1000 FLOPs per update (the stacked statistics GEMM counts twice).
double flops_per_epoch(int64_t n) { return 5.0 * 2.0 * kVisible * kHidden * static_cast<double>(n); }

const std::vector<float>& images() {
  static const std::vector<float> data = training_images(bench_images());
  return data;
}

void run_epochs(benchmark::State& state, Backend backend) {
  if (backend == Backend::cuda && skip_without_gpu(state)) return;
  const int64_t n = bench_images();
  Cd1Config config;
  auto engine = make_cd1_engine(backend, config, Cd1State::fresh(kVisible, config), images().data(), n);
  const std::vector<int32_t> order = cd1_epoch_order(config, n, 0);
  engine->train_epoch(0, order);  // warm-up (and, on CUDA, graph capture)
  int epoch = 1;
  for (auto _ : state) benchmark::DoNotOptimize(engine->train_epoch(epoch++, order));
  set_throughput(state, static_cast<double>(n), flops_per_epoch(n));
}

void BM_cd1_cpu_epoch(benchmark::State& state) { run_epochs(state, Backend::cpu); }
void BM_cd1_cuda_epoch(benchmark::State& state) {
  guarded(state, [&] { run_epochs(state, Backend::cuda); });
}

void BM_cd1_cpu_gemms(benchmark::State& state) {
  const int64_t n = bench_images();
  const std::vector<float>& data = images();
  std::vector<float> W(kVisible * kHidden, 0.01f), dW(kVisible * kHidden, 0.0f);
  std::vector<float> visible(2 * kBatch * kVisible), hidden(2 * kBatch * kHidden);
  for (auto _ : state) {
    for (int64_t first = 0; first < n; first += kBatch) {
      float* V0 = visible.data();
      std::copy_n(data.data() + first * kVisible, kBatch * kVisible, V0);
      cpu_sgemm(Trans::no, Trans::no, kBatch, kHidden, kVisible, 1.0f, V0, W.data(), 0.0f, hidden.data());
      cpu_sgemm(Trans::no, Trans::yes, kBatch, kVisible, kHidden, 1.0f, hidden.data(), W.data(), 0.0f,
                V0 + kBatch * kVisible);
      cpu_sgemm(Trans::no, Trans::no, kBatch, kHidden, kVisible, 1.0f, V0 + kBatch * kVisible, W.data(), 0.0f,
                hidden.data() + kBatch * kHidden);
      cpu_sgemm(Trans::yes, Trans::no, kVisible, kHidden, 2 * kBatch, 1e-3f, visible.data(), hidden.data(), 0.9f,
                dW.data());
    }
    benchmark::DoNotOptimize(dW.data());
  }
  set_throughput(state, static_cast<double>(n), flops_per_epoch(n));
}

BENCHMARK(BM_cd1_cpu_gemms)->Name("cd1/cpu_gemms")->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_cd1_cpu_epoch)->Name("cd1/cpu_epoch")->Unit(benchmark::kMillisecond)->MinTime(2.0);
// CUDA benchmarks set no MinTime of their own, so --benchmark_min_time governs them (the GPU check
// shortens them that way).
BENCHMARK(BM_cd1_cuda_epoch)->Name("cd1/cuda_epoch")->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace rbmdyn::bench
