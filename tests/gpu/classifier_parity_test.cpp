// GPU vs CPU parity of the classifier network: every layer of the cuDNN network against the CPU network
// in a full training-mode forward/backward pass, an SGD step, eval mode, and DigitClassifier end to
// end. (The classifier's own kernels and the resizes are rows of the parity table,
// tests/gpu/parity_table_test.cpp.)
//
// Tolerances: cuDNN/cuBLAS sum in other orders (and
// cuDNN's BatchNorm computes its statistics differently), so network activations and gradients are
// compared by relative error max|gpu − cpu| / max|cpu| per tensor (tests/gpu/gpu_compare.hpp) ≤ 1e-4 in
// fp32 mode (float rounding over sums of up to 4608 terms, amplified through a few layers), 2e-2 with
// TF32 (10-bit mantissa).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "host/classifier/digit_classifier.hpp"
#include "host/classifier/network_cpu.hpp"
#include "host/classifier/network_cuda.hpp"
#include "host/core/random.hpp"
#include "host/runtime/device_buffer.hpp"
#include "tests/gpu/classifier_test_arch.hpp"
#include "tests/gpu/gpu_compare.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

std::vector<float> uniform_values(std::size_t n, uint32_t tag, float lo = 0.0f, float hi = 1.0f) {
  const RandomStream rng{77, RngPurpose::gibbs_visible};
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = lo + (hi - lo) * uniform_from_bits(rng.bits(tag, static_cast<uint32_t>(i >> 20), static_cast<uint32_t>(i)));
  return v;
}

// Full training-mode forward/backward and an SGD step, layer by layer.
void check_network(const ClassifierArch& arch, int64_t batch, MathMode math, double tol) {
  const ClassifierModel model = ClassifierModel::initialized(arch, 21);
  const uint64_t seed = 5;
  cls::CpuNetwork<float> cpu(make_plan(arch));
  cpu.params = model.params;
  cpu.buffers = model.buffers;
  CudaStream stream;
  NetworkOptions options;
  options.seed = seed;
  options.cuda = CudaMathOptions{math, math == MathMode::fp32};
  cls::CudnnNetwork gpu(make_plan(arch), options, stream.get());
  gpu.upload(model.params, model.buffers);

  const std::vector<float> x = uniform_values(static_cast<std::size_t>(batch * arch.input_size()), 4);
  std::vector<uint8_t> labels(static_cast<std::size_t>(batch));
  for (int64_t r = 0; r < batch; ++r) labels[static_cast<std::size_t>(r)] = static_cast<uint8_t>((r * 7) % 11);
  DeviceBuffer<float> d_x;
  DeviceBuffer<uint8_t> d_labels;
  d_x.upload(x, stream.get());  // the network's stream: ordered before its forward pass
  d_labels.upload(labels, stream.get());

  cpu.forward(x.data(), batch, true, 3, seed);
  gpu.forward(d_x.data(), batch, true, 3);
  const auto& layers = cpu.plan().layers;
  for (std::size_t i = 0; i < layers.size(); ++i)
    EXPECT_LE(test::relative_error(gpu.layer_output(static_cast<int>(i)), cpu.layer_output(static_cast<int>(i))), tol)
        << "forward, layer " << layers[i].name;
  cpu.backward(labels.data());
  gpu.backward(d_labels.data());
  const std::vector<float> g_gpu = gpu.grads();
  for (const TensorSlot& s : cpu.plan().params) {
    const std::vector<float> a(g_gpu.begin() + s.offset, g_gpu.begin() + s.offset + s.count);
    const std::vector<float> b(cpu.grads.begin() + s.offset, cpu.grads.begin() + s.offset + s.count);
    if (s.role == ParamRole::conv_bias && arch.batch_norm) continue;  // ≈ 0 (BN cancels it): pure rounding noise
    EXPECT_LE(test::relative_error(a, b), tol) << "gradient of " << s.name;
  }
  cpu.sgd_step(0.01f);
  gpu.sgd_step(0.01f);
  std::vector<float> p_gpu, b_gpu;
  gpu.download(p_gpu, b_gpu);
  EXPECT_LE(test::relative_error(p_gpu, cpu.params), tol) << "parameters after one SGD step";
  EXPECT_LE(test::relative_error(b_gpu, cpu.buffers), tol) << "BN running statistics (momentum 0.1, unbiased variance)";
  // Eval mode on the updated model.
  const float* pc = cpu.forward(x.data(), batch, false);
  const std::vector<float> probs_cpu(pc, pc + batch * arch.classes);
  gpu.forward(d_x.data(), batch, false);
  EXPECT_LE(test::relative_error(gpu.layer_output(static_cast<int>(layers.size()) - 1), probs_cpu), tol) << "eval probabilities";
}

TEST(ClassifierGpu, SmallNetworkPerLayerFp32) {
  RBMDYN_REQUIRE_GPU();
  check_network(test::small_test_arch(), 16, MathMode::fp32, 1e-4);
}

TEST(ClassifierGpu, SmallNetworkPerLayerTf32) {
  RBMDYN_REQUIRE_GPU();
  check_network(test::small_test_arch(), 16, MathMode::tf32, 2e-2);
}

TEST(ClassifierGpu, PaperNetworkForwardBackwardFp32) {
  RBMDYN_REQUIRE_GPU();
  check_network(ClassifierArch::paper(), 6, MathMode::fp32, 1e-4);
}

TEST(ClassifierGpu, DigitClassifierMatchesCpu) {
  RBMDYN_REQUIRE_GPU();
  const ClassifierModel model = ClassifierModel::initialized(ClassifierArch::small(), 8);
  const int64_t n = 5000;  // > the internal batch below, with a shorter last chunk
  const std::vector<float> images = uniform_values(static_cast<std::size_t>(n * 784), 5);
  DigitClassifierOptions options;
  options.batch = 1536;
  options.cuda.math = MathMode::fp32;
  const auto cpu_classifier = make_digit_classifier(model, Backend::cpu, options);
  const auto gpu_classifier = make_digit_classifier(model, Backend::cuda, options);
  DigitClassifier& cpu = *cpu_classifier;
  DigitClassifier& gpu = *gpu_classifier;
  std::vector<uint8_t> pc(static_cast<std::size_t>(n)), pg(static_cast<std::size_t>(n));
  std::vector<float> ec(static_cast<std::size_t>(n)), eg(static_cast<std::size_t>(n));
  std::vector<float> qc(static_cast<std::size_t>(n * 11)), qg(static_cast<std::size_t>(n * 11));
  cpu.classify_samples(images.data(), n, pc.data(), ec.data(), qc.data());
  // Device-resident path on a caller stream.
  CudaStream stream;
  DeviceBuffer<float> d_img, d_ent(static_cast<std::size_t>(n)), d_probs(static_cast<std::size_t>(n * 11));
  DeviceBuffer<uint8_t> d_pred(static_cast<std::size_t>(n));
  d_img.upload(images, stream.get());  // 15.7 MB, read at once by the resize kernel on the same stream
  gpu.classify_samples(d_img.data(), n, d_pred.data(), d_ent.data(), d_probs.data(), stream.get());
  pg = d_pred.to_host(stream.get());
  eg = d_ent.to_host(stream.get());
  qg = d_probs.to_host(stream.get());
  EXPECT_LE(test::relative_error(qg, qc), 1e-4);
  EXPECT_LE(test::relative_error(eg, ec), 1e-4);
  int64_t differ = 0;
  for (int64_t i = 0; i < n; ++i)
    if (pc[static_cast<std::size_t>(i)] != pg[static_cast<std::size_t>(i)]) {
      ++differ;  // allowed only where the top two probabilities are within rounding
      std::vector<float> row(qc.begin() + i * 11, qc.begin() + i * 11 + 11);
      std::sort(row.begin(), row.end());
      EXPECT_LT(row[10] - row[9], 1e-4f) << "image " << i;
    }
  EXPECT_LE(differ, n / 100);
  // Host-array path.
  std::vector<uint8_t> ph(static_cast<std::size_t>(n));
  std::vector<float> eh(static_cast<std::size_t>(n));
  gpu.classify_samples_host(images.data(), n, ph.data(), eh.data());
  EXPECT_EQ(ph, pg);
  EXPECT_EQ(eh, eg);
}

}  // namespace
}  // namespace rbmdyn
