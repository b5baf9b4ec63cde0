// Classifier throughput (method.md §6): training steps and batched inference, CPU and GPU.
//   classifier/cpu_train/small          SGD steps of the small variant, batch 64 (images/s, GFLOP/s)
//   classifier/cpu_infer/small          DigitClassifier::classify_samples on 10000 RBM-like samples
//                                       (bicubic resize + eval forward + argmax/entropy)
//   classifier/cuda_train/<arch>/<math> SGD steps, batch 64, CUDA events (paper and small; tf32, fp32)
//   classifier/cuda_infer/<arch>/<math> classify_samples on 100000 device-resident samples
// FLOPs count the convolutions and linear layers only (ClassifierArch::forward_flops: 0.47 GFLOP per
// image for the paper network, 5.7 MFLOP for the small one), ×3 for a training step (forward, backward
// data, backward filter). The label names the cuDNN algorithms chosen by measurement. GPU benchmarks
// report an error (SkipWithError) where no device is usable.
#include <memory>
#include <string>
#include <vector>

#include "apps/bench/bench_support.hpp"
#include "host/classifier/digit_classifier.hpp"
#include "host/classifier/network.hpp"
#include "host/runtime/device.hpp"
#ifdef RBMDYN_HAVE_CUDA
#include "host/runtime/device_buffer.hpp"
#endif

namespace rbmdyn::bench {
namespace {

constexpr int64_t kBatch = 64;

// Prepared 32×32 inputs (synthetic, MNIST-like sparsity) and labels for one training step.
const std::vector<float>& step_inputs() {
  static const std::vector<float> x = synthetic_images(kBatch, 1024, 3);
  return x;
}
std::vector<uint8_t> step_labels() {
  std::vector<uint8_t> y(kBatch);
  for (int64_t i = 0; i < kBatch; ++i) y[static_cast<std::size_t>(i)] = static_cast<uint8_t>(i % 11);
  return y;
}

void train_steps(benchmark::State& state, Backend backend, const ClassifierArch& arch, MathMode math) {
  if (backend == Backend::cuda && skip_without_gpu(state)) return;
  NetworkOptions o;
  o.max_batch = kBatch;
  o.cuda.math = math;
  auto engine = make_classifier_network(backend, ClassifierModel::initialized(arch, 1), o);
  const std::vector<uint8_t> labels = step_labels();
  uint32_t iteration = 0;
  engine->train_step(step_inputs().data(), labels.data(), kBatch, iteration++);  // warm-up, algorithm search
  // As the trainer drives it: steps enqueued, statistics taken once. The CUDA engine's staging ring
  // lets the host run only a few steps ahead, so wall time per iteration = device time per step.
  for (auto _ : state) engine->enqueue_train_step(step_inputs().data(), labels.data(), kBatch, iteration++);
  benchmark::DoNotOptimize(engine->take_step_stats());
  set_throughput(state, static_cast<double>(kBatch), 3.0 * arch.forward_flops() * kBatch);
  if (backend == Backend::cuda) state.SetLabel(engine->description());
}

void BM_cpu_train_small(benchmark::State& state) {
  train_steps(state, Backend::cpu, ClassifierArch::small(), MathMode::fp32);
}

void BM_cpu_infer_small(benchmark::State& state) {
  const int64_t n = 10000;
  const std::vector<float> images = synthetic_images(n, 784, 4);
  const auto classifier = make_digit_classifier(ClassifierModel::initialized(ClassifierArch::small(), 1), Backend::cpu);
  DigitClassifier& clf = *classifier;
  std::vector<uint8_t> pred(static_cast<std::size_t>(n));
  std::vector<float> entropy(static_cast<std::size_t>(n));
  clf.classify_samples(images.data(), n, pred.data(), entropy.data());
  for (auto _ : state) {
    clf.classify_samples(images.data(), n, pred.data(), entropy.data());
    benchmark::DoNotOptimize(pred.data());
  }
  set_throughput(state, static_cast<double>(n), clf.arch().forward_flops() * static_cast<double>(n));
  state.SetLabel(clf.description());
}

#ifdef RBMDYN_HAVE_CUDA
void cuda_infer_body(benchmark::State& state, const ClassifierArch& arch, MathMode math) {
  if (skip_without_gpu(state)) return;
  const int64_t n = 100000;
  DigitClassifierOptions o;
  o.cuda.math = math;
  const auto classifier = make_digit_classifier(ClassifierModel::initialized(arch, 1), Backend::cuda, o);
  DigitClassifier& clf = *classifier;
  DeviceBuffer<float> images, entropy(static_cast<std::size_t>(n));
  DeviceBuffer<uint8_t> pred(static_cast<std::size_t>(n));
  CudaStream stream;
  images.upload(synthetic_images(n, 784, 5), stream.get());
  CudaEvent start, stop;
  clf.classify_samples(images.data(), n, pred.data(), entropy.data(), nullptr, stream.get());  // warm-up
  stream.synchronize();
  for (auto _ : state) {
    start.record(stream.get());
    clf.classify_samples(images.data(), n, pred.data(), entropy.data(), nullptr, stream.get());
    stop.record(stream.get());
    stop.synchronize();
    state.SetIterationTime(static_cast<double>(stop.elapsed_ms_since(start)) * 1e-3);
  }
  set_throughput(state, static_cast<double>(n), arch.forward_flops() * static_cast<double>(n));
  state.SetLabel(clf.description());
}
#else
void cuda_infer_body(benchmark::State& state, const ClassifierArch&, MathMode) { skip_without_gpu(state); }
#endif

void cuda_train(benchmark::State& s, const ClassifierArch& arch, MathMode math) {
  guarded(s, [&] { train_steps(s, Backend::cuda, arch, math); });
}
void cuda_infer(benchmark::State& s, const ClassifierArch& arch, MathMode math) {
  guarded(s, [&] { cuda_infer_body(s, arch, math); });
}
void BM_cuda_train_paper_tf32(benchmark::State& s) { cuda_train(s, ClassifierArch::paper(), MathMode::tf32); }
void BM_cuda_train_paper_fp32(benchmark::State& s) { cuda_train(s, ClassifierArch::paper(), MathMode::fp32); }
void BM_cuda_train_small_tf32(benchmark::State& s) { cuda_train(s, ClassifierArch::small(), MathMode::tf32); }
void BM_cuda_infer_paper_tf32(benchmark::State& s) { cuda_infer(s, ClassifierArch::paper(), MathMode::tf32); }
void BM_cuda_infer_paper_fp32(benchmark::State& s) { cuda_infer(s, ClassifierArch::paper(), MathMode::fp32); }
void BM_cuda_infer_small_tf32(benchmark::State& s) { cuda_infer(s, ClassifierArch::small(), MathMode::tf32); }

BENCHMARK(BM_cpu_train_small)->Name("classifier/cpu_train/small")->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();
BENCHMARK(BM_cpu_infer_small)->Name("classifier/cpu_infer/small")->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();
// CUDA benchmarks: no MinTime of their own, so --benchmark_min_time governs them.
BENCHMARK(BM_cuda_train_paper_tf32)->Name("classifier/cuda_train/paper/tf32")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_cuda_train_paper_fp32)->Name("classifier/cuda_train/paper/fp32")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_cuda_train_small_tf32)->Name("classifier/cuda_train/small/tf32")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_cuda_infer_paper_tf32)->Name("classifier/cuda_infer/paper/tf32")->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(BM_cuda_infer_paper_fp32)->Name("classifier/cuda_infer/paper/fp32")->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(BM_cuda_infer_small_tf32)->Name("classifier/cuda_infer/small/tf32")->Unit(benchmark::kMillisecond)->UseManualTime();

}  // namespace
}  // namespace rbmdyn::bench
