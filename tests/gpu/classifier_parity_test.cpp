// GPU vs CPU parity of the classifier: resize kernels, own kernels (softmax, double-softmax loss,
// dropout, argmax/entropy), every layer of the cuDNN network against the CPU network in a full
// training-mode forward/backward pass, an SGD step, eval mode, and DigitClassifier end to end.
//
// Tolerances: the per-element functions are shared (host/ops/classifier_math.hpp,
// host/data/resize.hpp) and compiled without FMA contraction on both sides, so the resize, dropout
// and softmax-of-identical-inputs results must be bit-identical. cuDNN/cuBLAS sum in other orders (and
// cuDNN's BatchNorm computes its statistics differently), so network activations and gradients are
// compared by normalised error max|gpu − cpu| / max(1, max|cpu|) ≤ 1e-4 in fp32 mode (float rounding
// over sums of up to 4608 terms, amplified through a few layers), 2e-2 with TF32 (10-bit mantissa).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "host/classifier/digit_classifier.hpp"
#include "host/classifier/layers_cpu.hpp"
#include "host/classifier/network_cpu.hpp"
#include "host/classifier/network_cuda.hpp"
#include "host/data/resize.hpp"
#include "host/ops/classifier_math.hpp"
#include "host/runtime/device_buffer.hpp"
#include "kernels/classifier_ops.cuh"
#include "kernels/resize.cuh"
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

double normalised_error(const std::vector<float>& gpu, const std::vector<float>& cpu) {
  EXPECT_EQ(gpu.size(), cpu.size());
  double diff = 0, scale = 1;
  for (std::size_t i = 0; i < cpu.size() && i < gpu.size(); ++i) {
    diff = std::max(diff, std::fabs(static_cast<double>(gpu[i]) - cpu[i]));
    scale = std::max(scale, std::fabs(static_cast<double>(cpu[i])));
  }
  return diff / scale;
}

ClassifierArch small_test_arch() {
  ClassifierArch a;
  a.name = "parity";
  a.block_channels = {4, 8, 8};
  a.fc_hidden = {32, 16};
  a.dropout = 0.5f;
  return a;
}

TEST(ClassifierGpu, ResizeKernelsAreBitIdentical) {
  RBMDYN_REQUIRE_GPU();
  const int64_t n = 37;
  const std::vector<float> x = uniform_values(static_cast<std::size_t>(n * 784), 1);
  std::vector<uint8_t> u8(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) u8[i] = static_cast<uint8_t>(x[i] * 255.0f);
  std::vector<float> cpu(static_cast<std::size_t>(n * 1024));
  DeviceBuffer<float> d_in, d_out(static_cast<std::size_t>(n * 1024));
  DeviceBuffer<uint8_t> d_u8;
  d_in.upload(x);
  d_u8.upload(u8);
  resize_torch_bicubic(x.data(), n, cpu.data());
  kernels::launch_resize_bicubic(d_in.data(), n, d_out.data(), nullptr);
  EXPECT_EQ(d_out.to_host(), cpu);
  resize_torch_bilinear(x.data(), n, cpu.data());
  kernels::launch_resize_bilinear(d_in.data(), n, d_out.data(), nullptr);
  EXPECT_EQ(d_out.to_host(), cpu);
  resize_pil_bilinear_unit(u8.data(), n, cpu.data());
  kernels::launch_resize_pil_bilinear_unit(d_u8.data(), n, pil_bilinear_table(), d_out.data(), nullptr);
  EXPECT_EQ(d_out.to_host(), cpu);
}

TEST(ClassifierGpu, OwnKernelsMatchCpu) {
  RBMDYN_REQUIRE_GPU();
  const int64_t rows = 70, n = 11, units = 103;
  const std::vector<float> z = uniform_values(static_cast<std::size_t>(rows * n), 2, -4, 4);
  std::vector<uint8_t> labels(static_cast<std::size_t>(rows));
  for (int64_t r = 0; r < rows; ++r) labels[static_cast<std::size_t>(r)] = static_cast<uint8_t>(r % 11);
  // Softmax and loss.
  std::vector<float> p(z.size()), dz(z.size());
  cls::softmax_forward(rows, static_cast<int>(n), z.data(), p.data());
  cls::double_softmax_loss_backward(rows, static_cast<int>(n), p.data(), labels.data(), dz.data());
  DeviceBuffer<float> d_z, d_p(z.size()), d_dz(z.size()), d_loss(static_cast<std::size_t>(rows));
  DeviceBuffer<uint8_t> d_labels, d_correct(static_cast<std::size_t>(rows));
  d_z.upload(z);
  d_labels.upload(labels);
  kernels::launch_softmax_rows(d_z.data(), d_p.data(), rows, static_cast<int>(n), nullptr);
  EXPECT_EQ(d_p.to_host(), p);
  kernels::launch_double_softmax_loss(d_p.data(), d_labels.data(), rows, static_cast<int>(n), d_dz.data(), d_loss.data(),
                                      d_correct.data(), nullptr);
  // exp_f32 is shared; logf may differ by an ulp between libm and CUDA, which only touches the loss value.
  EXPECT_EQ(d_dz.to_host(), dz);
  const std::vector<uint8_t> correct = d_correct.to_host();
  for (int64_t r = 0; r < rows; ++r)
    EXPECT_EQ(correct[static_cast<std::size_t>(r)], cls::argmax_row(p.data() + r * n, static_cast<int>(n)) == labels[static_cast<std::size_t>(r)]);
  // Argmax / entropy.
  DeviceBuffer<uint8_t> d_pred(static_cast<std::size_t>(rows));
  DeviceBuffer<float> d_ent(static_cast<std::size_t>(rows)), d_probs(z.size());
  kernels::launch_classify_rows(d_p.data(), rows, static_cast<int>(n), d_pred.data(), d_ent.data(), d_probs.data(), nullptr);
  const std::vector<uint8_t> pred = d_pred.to_host();
  const std::vector<float> ent = d_ent.to_host();
  for (int64_t r = 0; r < rows; ++r) {
    EXPECT_EQ(pred[static_cast<std::size_t>(r)], cls::argmax_row(p.data() + r * n, static_cast<int>(n)));
    EXPECT_NEAR(ent[static_cast<std::size_t>(r)], cls::digit_entropy(p.data() + r * n), 2e-6f);
  }
  EXPECT_EQ(d_probs.to_host(), p);
  // Dropout masks are the same draws.
  const std::vector<float> x = uniform_values(static_cast<std::size_t>(rows * units), 3, -1, 1);
  std::vector<float> y(x.size()), mask(x.size());
  const uint64_t seed = 99;
  cls::dropout_forward(rows, units, 0.65f, RandomStream{seed, RngPurpose::classifier_dropout}, 123, x.data(), y.data(),
                       mask.data());
  DeviceBuffer<float> d_x, d_y(x.size()), d_mask(x.size());
  d_x.upload(x);
  kernels::launch_dropout_forward(d_x.data(), d_y.data(), d_mask.data(), rows, units, 0.65f, seed, 123, nullptr);
  EXPECT_EQ(d_mask.to_host(), mask);
  EXPECT_EQ(d_y.to_host(), y);
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
  d_x.upload(x);
  d_labels.upload(labels);

  cpu.forward(x.data(), batch, true, 3, seed);
  gpu.forward(d_x.data(), batch, true, 3);
  const auto& layers = cpu.plan().layers;
  for (std::size_t i = 0; i < layers.size(); ++i)
    EXPECT_LE(normalised_error(gpu.layer_output(static_cast<int>(i)), cpu.layer_output(static_cast<int>(i))), tol)
        << "forward, layer " << layers[i].name;
  cpu.backward(labels.data());
  gpu.backward(d_labels.data());
  const std::vector<float> g_gpu = gpu.grads();
  for (const TensorSlot& s : cpu.plan().params) {
    const std::vector<float> a(g_gpu.begin() + s.offset, g_gpu.begin() + s.offset + s.count);
    const std::vector<float> b(cpu.grads.begin() + s.offset, cpu.grads.begin() + s.offset + s.count);
    if (s.role == ParamRole::conv_bias && arch.batch_norm) continue;  // ≈ 0 (BN cancels it): pure rounding noise
    EXPECT_LE(normalised_error(a, b), tol) << "gradient of " << s.name;
  }
  cpu.sgd_step(0.01f);
  gpu.sgd_step(0.01f);
  std::vector<float> p_gpu, b_gpu;
  gpu.download(p_gpu, b_gpu);
  EXPECT_LE(normalised_error(p_gpu, cpu.params), tol) << "parameters after one SGD step";
  EXPECT_LE(normalised_error(b_gpu, cpu.buffers), tol) << "BN running statistics (momentum 0.1, unbiased variance)";
  // Eval mode on the updated model.
  const float* pc = cpu.forward(x.data(), batch, false);
  const std::vector<float> probs_cpu(pc, pc + batch * arch.classes);
  gpu.forward(d_x.data(), batch, false);
  EXPECT_LE(normalised_error(gpu.layer_output(static_cast<int>(layers.size()) - 1), probs_cpu), tol) << "eval probabilities";
}

TEST(ClassifierGpu, SmallNetworkPerLayerFp32) {
  RBMDYN_REQUIRE_GPU();
  check_network(small_test_arch(), 16, MathMode::fp32, 1e-4);
}

TEST(ClassifierGpu, SmallNetworkPerLayerTf32) {
  RBMDYN_REQUIRE_GPU();
  check_network(small_test_arch(), 16, MathMode::tf32, 2e-2);
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
  d_img.upload(images);
  gpu.classify_samples(d_img.data(), n, d_pred.data(), d_ent.data(), d_probs.data(), stream.get());
  stream.synchronize();
  pg = d_pred.to_host();
  eg = d_ent.to_host();
  qg = d_probs.to_host();
  EXPECT_LE(normalised_error(qg, qc), 1e-4);
  EXPECT_LE(normalised_error(eg, ec), 1e-4);
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
