// Top-down generation throughput (docs/method.md §4) at the sweep's size: 100 vectors × 100 chains = 10,000
// chains, 784×1000, 100 steps, visible states streamed (none kept), activity recorded.
//   gibbs/cpu_run     the CPU engine
//   gibbs/cpu_gemms   only the GEMMs of the same run, same BLAS, same shapes: the engine's floor
//   gibbs/cuda_run    the CUDA engine (wall time of run(): upload, graph replay, activity download)
//   gibbs/cuda_gemms  only the cuBLAS GEMMs of the same run (CUDA-event timing)
// RBMDYN_BENCH_CHAINS / RBMDYN_BENCH_STEPS override 10000 / 100 (e.g. 10 steps for a quick CPU look;
// the ratio run/gemms does not depend on the step count). RBMDYN_BENCH_RBM names a model file to use
// instead of a 0.1·N(0,1) initialisation. Items are chain-steps.
#include <cstdlib>

#include "apps/bench/bench_support.hpp"
#include "host/blas/cpu_blas.hpp"
#include "host/gibbs/gibbs_engine.hpp"
#include "host/runtime/device.hpp"
#ifdef RBMDYN_HAVE_CUDA
#include "host/blas/gpu_blas.hpp"
#include "host/runtime/device_buffer.hpp"
#endif

namespace rbmdyn::bench {
namespace {

int64_t bench_chains() { return env_or("RBMDYN_BENCH_CHAINS", 10000); }
int bench_steps() { return static_cast<int>(env_or("RBMDYN_BENCH_STEPS", 100)); }

const Rbm& bench_rbm() {
  static const Rbm rbm = [] {
    const char* path = std::getenv("RBMDYN_BENCH_RBM");
    return path ? load_rbm(path) : Rbm::initialized(784, 1000, 1, 0.1f);
  }();
  return rbm;
}

void run_engine(benchmark::State& state, Backend backend) {
  if (backend == Backend::cuda && skip_without_gpu(state)) return;
  const Rbm& rbm = bench_rbm();
  const int64_t N = bench_chains();
  const std::vector<float> start = lb_like_start(N, rbm.n_hidden);
  GibbsOptions o;
  o.steps = bench_steps();
  o.keep_visible = KeepVisible::none;
  auto engine = make_gibbs_engine(backend, rbm);
  if (backend == Backend::cuda) engine->run(start.data(), N, o);  // warm-up and graph capture
  for (auto _ : state) benchmark::DoNotOptimize(engine->run(start.data(), N, o).activity.data());
  set_throughput(state, static_cast<double>(N) * o.steps, gibbs_gemm_flops(N, o.steps, rbm.n_visible, rbm.n_hidden),
                 "chain-steps");
}

void BM_gibbs_cpu_run(benchmark::State& state) { run_engine(state, Backend::cpu); }
void BM_gibbs_cuda_run(benchmark::State& state) {
  guarded(state, [&] { run_engine(state, Backend::cuda); });
}

// GEMM inputs in the engine's data regime: binary hidden states (~15 % ones) and visible
// probabilities; outputs go to separate buffers, so the GEMMs repeat without element-wise work.
struct GemmInputs {
  std::vector<float> hidden, visible;
};
GemmInputs gemm_inputs(int64_t chains, int64_t nv, int64_t nh) {
  GemmInputs in{synthetic_images(chains, nh, 3), synthetic_images(chains, nv, 4)};
  for (float& h : in.hidden) h = h > 0.5f ? 1.0f : 0.0f;
  return in;
}

void BM_gibbs_cpu_gemms(benchmark::State& state) {
  const Rbm& rbm = bench_rbm();
  const int64_t N = bench_chains(), nv = rbm.n_visible, nh = rbm.n_hidden;
  const int steps = bench_steps();
  const GemmInputs in = gemm_inputs(N, nv, nh);
  std::vector<float> H(static_cast<std::size_t>(N * nh)), V(static_cast<std::size_t>(N * nv));
  for (auto _ : state) {
    for (int t = 0; t < steps; ++t) {
      if (t > 0) cpu_sgemm(Trans::no, Trans::no, N, nh, nv, 1.0f, in.visible.data(), rbm.W.data(), 0.0f, H.data());
      cpu_sgemm(Trans::no, Trans::yes, N, nv, nh, 1.0f, in.hidden.data(), rbm.W.data(), 0.0f, V.data());
    }
    benchmark::DoNotOptimize(V.data());
  }
  set_throughput(state, static_cast<double>(N) * steps, gibbs_gemm_flops(N, steps, nv, nh), "chain-steps");
}

void gibbs_cuda_gemms(benchmark::State& state) {
  if (skip_without_gpu(state)) return;
#ifdef RBMDYN_HAVE_CUDA
  const Rbm& rbm = bench_rbm();
  const int64_t N = bench_chains(), nv = rbm.n_visible, nh = rbm.n_hidden;
  const int steps = bench_steps();
  const GemmInputs in = gemm_inputs(N, nv, nh);
  CudaStream stream;
  DeviceBuffer<float> W, Hin, Vin, H(static_cast<std::size_t>(N * nh)), V(static_cast<std::size_t>(N * nv));
  W.upload(rbm.W, stream.get());
  Hin.upload(in.hidden, stream.get());
  Vin.upload(in.visible, stream.get());
  CublasHandle cublas;
  RBMDYN_CUBLAS_CHECK(cublasSetStream(cublas.get(), stream.get()));
  RBMDYN_CUBLAS_CHECK(cublasSetMathMode(cublas.get(), CUBLAS_DEFAULT_MATH));
  const float one = 1.0f, zero = 0.0f;
  auto enqueue = [&] {
    for (int t = 0; t < steps; ++t) {
      if (t > 0) gpu_sgemm(cublas.get(), Trans::no, Trans::no, N, nh, nv, &one, Vin.data(), W.data(), &zero, H.data());
      gpu_sgemm(cublas.get(), Trans::no, Trans::yes, N, nv, nh, &one, Hin.data(), W.data(), &zero, V.data());
    }
  };
  enqueue();  // warm-up
  CudaEvent begin, end;
  for (auto _ : state) {
    begin.record(stream.get());
    enqueue();
    end.record(stream.get());
    end.synchronize();
    state.SetIterationTime(end.elapsed_ms_since(begin) * 1e-3);
  }
  set_throughput(state, static_cast<double>(N) * steps, gibbs_gemm_flops(N, steps, nv, nh), "chain-steps");
#endif
}

void BM_gibbs_cuda_gemms(benchmark::State& state) {
  guarded(state, [&] { gibbs_cuda_gemms(state); });
}

BENCHMARK(BM_gibbs_cpu_gemms)->Name("gibbs/cpu_gemms")->Unit(benchmark::kMillisecond)->MinTime(1.0)->UseRealTime();
BENCHMARK(BM_gibbs_cpu_run)->Name("gibbs/cpu_run")->Unit(benchmark::kMillisecond)->MinTime(1.0)->UseRealTime();
// CUDA benchmarks: no MinTime of their own, so --benchmark_min_time governs them.
BENCHMARK(BM_gibbs_cuda_gemms)->Name("gibbs/cuda_gemms")->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(BM_gibbs_cuda_run)->Name("gibbs/cuda_run")->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace rbmdyn::bench
