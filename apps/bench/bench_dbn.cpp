// Deep-model throughput (dbn.md §3.3, §5; §0 sizes: 784-500-500-1000, batch 128).
//   dbn/cpu_idbn_epoch    one iDBN epoch (every layer over all batches, passing probabilities up), CPU
//   dbn/cpu_idbn_gemms    only the GEMMs that epoch performs, same BLAS, same shapes: the floor (issue 12
//                         asks epoch ≤ 1.2 × gemms)
//   dbn/cuda_idbn_epoch   the same epoch on the GPU (host/rbm/dbn_layer_cuda.cpp; issue 12 asks 100 epochs
//                         in under 10 s on an H200)
//   dbn/cuda_deep_sweep   the deep top-down sweep of dbn.md §5.1 on the GPU: 10,000 chains (100 vectors ×
//                         100) × 100 steps through a random 784-500-500-1000 stack, nothing kept, one
//                         graph replay (host/gibbs/dbn_gibbs_engine_cuda.cpp); RBMDYN_BENCH_CHAINS and
//                         RBMDYN_BENCH_STEPS override. The CUDA cases skip without a device.
// N = 59904 by default (RBMDYN_BENCH_IMAGES overrides, e.g. 6400 for a quick look). Real MNIST images
// when found, synthetic ones otherwise.
#include <cstdlib>

#include "apps/bench/bench_support.hpp"
#include "host/blas/cpu_blas.hpp"
#include "host/gibbs/dbn_gibbs_engine.hpp"
#include "host/rbm/dbn_config.hpp"
#include "host/rbm/dbn_layer.hpp"
#include "host/rbm/dbn_trainer.hpp"

namespace rbmdyn::bench {
namespace {

constexpr int kBatch = 128;

int64_t bench_images() {
  const char* env = std::getenv("RBMDYN_BENCH_IMAGES");
  const int64_t n = env ? std::atoll(env) : 60000;
  return std::max<int64_t>(kBatch, n / kBatch * kBatch);
}

// 5 GEMM-equivalents of 2·B·n_{l−1}·n_l FLOPs per update and layer (as cd1/cpu_gemms counts them).
double flops_per_epoch(const std::vector<int64_t>& sizes, int64_t n) {
  double f = 0;
  for (std::size_t l = 1; l < sizes.size(); ++l) f += 5.0 * 2.0 * static_cast<double>(sizes[l - 1] * sizes[l] * n);
  return f;
}

const std::vector<float>& images() {
  static const std::vector<float> data = training_images(bench_images());
  return data;
}

// One iDBN epoch per iteration through the layers of `backend` (what train_dbn runs, without the files).
void idbn_epochs(benchmark::State& state, Backend backend) {
  if (backend == Backend::cuda && skip_without_gpu(state)) return;
  const int64_t n = bench_images();
  const int64_t nb = n / kBatch;
  DbnConfig config;
  config.cd1.batch_size = kBatch;
  const int L = config.depth();
  const DbnCheckpoint start = fresh_dbn_checkpoint(config, n);
  auto layers = make_dbn_layers(backend, config, start.layers, images().data(), n);
  int epoch = 0;
  for (auto _ : state) {
    for (int l = 1; l <= L; ++l) {
      const std::vector<int32_t> order = dbn_batch_order(config.cd1.seed, nb, epoch, l, true);
      benchmark::DoNotOptimize(layers->train(l, order.data(), nb, epoch, l < L ? PassUp::before_update : PassUp::none));
    }
    ++epoch;
  }
  set_throughput(state, static_cast<double>(n), flops_per_epoch(config.sizes, n));
}

void BM_dbn_cpu_idbn_epoch(benchmark::State& state) { idbn_epochs(state, Backend::cpu); }
void BM_dbn_cuda_idbn_epoch(benchmark::State& state) {
  guarded(state, [&] { idbn_epochs(state, Backend::cuda); });
}

void cuda_deep_sweep(benchmark::State& state) {
  if (skip_without_gpu(state)) return;
  const RbmStack stack = RbmStack::initialized(default_dbn_sizes(), 1, 0.1f);
  const int64_t N = env_or("RBMDYN_BENCH_CHAINS", 10000);
  const std::vector<float> start = lb_like_start(N, stack.n_top());
  GibbsOptions o;
  o.steps = static_cast<int>(env_or("RBMDYN_BENCH_STEPS", 100));
  o.keep_visible = KeepVisible::none;
  o.chains_per_vector = static_cast<uint64_t>((N + 99) / 100);  // lb_like_start's 100 vectors
  auto engine = make_dbn_gibbs_engine(Backend::cuda, stack, DeepStep::sweep);
  engine->run(start.data(), N, o);  // warm-up and graph capture
  for (auto _ : state) benchmark::DoNotOptimize(engine->run(start.data(), N, o).activity.data());
  set_throughput(state, static_cast<double>(N) * o.steps, dbn_gibbs_gemm_flops(stack, DeepStep::sweep, N, o.steps),
                 "chain-steps");
}
void BM_dbn_cuda_deep_sweep(benchmark::State& state) {
  guarded(state, [&] { cuda_deep_sweep(state); });
}

void BM_dbn_cpu_idbn_gemms(benchmark::State& state) {
  const int64_t n = bench_images();
  const std::vector<int64_t> sizes = default_dbn_sizes();
  for (auto _ : state) {
    for (std::size_t l = 1; l < sizes.size(); ++l) {
      const int64_t nv = sizes[l - 1], nh = sizes[l];
      std::vector<float> W(static_cast<std::size_t>(nv * nh), 0.01f), dW(W.size(), 0.0f);
      std::vector<float> visible(static_cast<std::size_t>(2 * kBatch * nv), 0.5f), hidden(static_cast<std::size_t>(2 * kBatch * nh));
      for (int64_t first = 0; first < n; first += kBatch) {
        float* V0 = visible.data();
        if (l == 1) std::copy_n(images().data() + first * nv, kBatch * nv, V0);
        cpu_sgemm(Trans::no, Trans::no, kBatch, nh, nv, 1.0f, V0, W.data(), 0.0f, hidden.data());
        cpu_sgemm(Trans::no, Trans::yes, kBatch, nv, nh, 1.0f, hidden.data(), W.data(), 0.0f, V0 + kBatch * nv);
        cpu_sgemm(Trans::no, Trans::no, kBatch, nh, nv, 1.0f, V0 + kBatch * nv, W.data(), 0.0f, hidden.data() + kBatch * nh);
        cpu_sgemm(Trans::yes, Trans::no, nv, nh, 2 * kBatch, 1e-3f, visible.data(), hidden.data(), 0.9f, dW.data());
      }
      benchmark::DoNotOptimize(dW.data());
    }
  }
  set_throughput(state, static_cast<double>(n), flops_per_epoch(sizes, n));
}

BENCHMARK(BM_dbn_cpu_idbn_gemms)->Name("dbn/cpu_idbn_gemms")->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_dbn_cpu_idbn_epoch)->Name("dbn/cpu_idbn_epoch")->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_dbn_cuda_idbn_epoch)->Name("dbn/cuda_idbn_epoch")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_dbn_cuda_deep_sweep)->Name("dbn/cuda_deep_sweep")->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace rbmdyn::bench
