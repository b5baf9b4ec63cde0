// A whole sweep (method.md §4–§7): Gibbs chains of all 100 biasing vectors, every step classified by
// the VGG classifier, metrics reduced — the number the GPU target "sweep under 10 s" refers to.
//   sweep/cpu    small classifier, RBMDYN_BENCH_SWEEP_CHAINS chains per vector (default 10 on the CPU)
//   sweep/cuda   paper classifier (TF32), 100 chains per vector, 100 steps
// Weights are random (PyTorch-default classifier init, 0.1·N(0,1) RBM): speed does not depend on them.
// Items are classified images (= chain-steps).
#include <cstdlib>

#include "apps/bench/bench_support.hpp"
#include "host/biasing/biasing_set.hpp"
#include "host/classifier/digit_classifier.hpp"
#include "host/core/random.hpp"
#include "host/runtime/device.hpp"
#include "host/sweep/sweep.hpp"
#include "host/sweep/sweep_analysis.hpp"

namespace rbmdyn::bench {
namespace {

BiasingSet bench_biasing(int64_t n_hidden) {
  std::vector<float> lb(static_cast<std::size_t>(10 * n_hidden));
  const RandomStream rs{3, RngPurpose::nondigit};
  for (std::size_t k = 0; k < lb.size(); ++k) {
    const float u = uniform_from_bits(rs.bits(5, 0, static_cast<uint32_t>(k)));
    lb[k] = 0.3f * u * u * u;
  }
  return make_biasing_vectors(lb, n_hidden, 149);
}

void run_sweep_bench(benchmark::State& state, Backend backend) {
  if (backend == Backend::cuda && skip_without_gpu(state)) return;
  const char* env = std::getenv("RBMDYN_BENCH_SWEEP_CHAINS");
  SweepOptions o;
  o.backend = backend;
  o.chains = env ? std::atoll(env) : (backend == Backend::cuda ? 100 : 10);
  const Rbm rbm = Rbm::initialized(784, 1000, 1, 0.1f);
  const BiasingSet biasing = bench_biasing(rbm.n_hidden);
  const ClassifierArch arch = backend == Backend::cuda ? ClassifierArch::paper() : ClassifierArch::small();
  const auto classifier = make_digit_classifier(ClassifierModel::initialized(arch, 1), backend);
  run_sweep(rbm, biasing, *classifier, o);  // warm-up: allocations, cuDNN algorithm choice
  for (auto _ : state) benchmark::DoNotOptimize(run_sweep(rbm, biasing, *classifier, o).analysis.sets.size());
  const double images = static_cast<double>(kSweepVectors) * static_cast<double>(o.chains) * o.steps;
  state.counters["images/s"] = benchmark::Counter(images * static_cast<double>(state.iterations()),
                                                  benchmark::Counter::kIsRate);
  state.SetLabel(classifier->description());
}

void BM_sweep_cpu(benchmark::State& state) { run_sweep_bench(state, Backend::cpu); }
void BM_sweep_cuda(benchmark::State& state) {
  guarded(state, [&] { run_sweep_bench(state, Backend::cuda); });
}

BENCHMARK(BM_sweep_cpu)->Name("sweep/cpu")->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
// No fixed iteration count: one sweep takes seconds, so --benchmark_min_time (default 0.5 s) gives one
// timed sweep after the warm-up; a longer min time averages more.
BENCHMARK(BM_sweep_cuda)->Name("sweep/cuda")->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
}  // namespace rbmdyn::bench
