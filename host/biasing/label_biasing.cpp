#include "host/biasing/label_biasing.hpp"

#include <algorithm>
#include <cmath>

#include "host/blas/cpu_blas.hpp"
#include "host/core/descriptive.hpp"
#include "host/core/error.hpp"
#include "host/core/random_block.hpp"
#include "host/ops/readout_math.hpp"
#include "host/runtime/nvtx.hpp"

namespace rbmdyn {

ReadoutMode parse_readout_mode(const std::string& text, const std::string& option_name) {
  if (text == "sampled") return ReadoutMode::sampled;
  if (text == "probabilities") return ReadoutMode::probabilities;
  fail_input(option_name + " " + text + ": expected sampled or probabilities");
}

const char* readout_mode_name(ReadoutMode mode) {
  return mode == ReadoutMode::sampled ? "sampled" : "probabilities";
}

std::array<int64_t, kNumDigits> readout_class_counts(const uint8_t* labels, int64_t n) {
  std::array<int64_t, kNumDigits> counts{};
  for (int64_t i = 0; i < n; ++i) {
    if (labels[i] >= kNumDigits)
      fail_input("readout labels: label " + std::to_string(labels[i]) + " of image " + std::to_string(i) +
                 " is not a digit 0..9");
    ++counts[labels[i]];
  }
  for (int c = 0; c < kNumDigits; ++c)
    if (counts[static_cast<std::size_t>(c)] == 0)
      fail_input("readout images: digit " + std::to_string(c) + " has no image, so H_LB(" + std::to_string(c) +
                 ") is undefined");
  return counts;
}

LabelBiasing compute_label_biasing(const Rbm& rbm, const float* images, const uint8_t* labels, int64_t n,
                                   uint64_t seed, Backend backend, ReadoutMode mode) {
  require_backend_available(backend);
  if (backend == Backend::cpu) return compute_label_biasing_cpu(rbm, images, labels, n, seed, mode);
#ifdef RBMDYN_HAVE_CUDA
  return compute_label_biasing_cuda(rbm, images, labels, n, seed, mode);
#else
  fail_input("--device cuda: this rbmdyn was built without CUDA");
#endif
}

LabelBiasing compute_label_biasing_cpu(const Rbm& rbm, const float* images, const uint8_t* labels, int64_t n,
                                       uint64_t seed, ReadoutMode mode) {
  NvtxRange range("biasing/readout");
  LabelBiasing out;
  out.class_counts = readout_class_counts(labels, n);
  const int64_t nv = rbm.n_visible;
  const int64_t nh = rbm.n_hidden;
  out.n_hidden = nh;
  const bool sampled = mode == ReadoutMode::sampled;
  const RandomStream rng{seed, RngPurpose::readout_hidden};
  const int64_t quads = (nh + 3) / 4;
  constexpr int64_t kChunk = 2048;  // rows per GEMM: [2048, nh] floats = 8 MB of pre-activations
  std::vector<float> h(static_cast<std::size_t>(std::min(kChunk, n) * nh));
  std::vector<double> sums(static_cast<std::size_t>(kNumDigits * nh), 0.0);

  for (int64_t first = 0; first < n; first += kChunk) {
    const int64_t rows = std::min(kChunk, n - first);
    // [rows, nh] = X[first .. first + rows) · W
    cpu_sgemm(Trans::no, Trans::no, rows, nh, nv, 1.0f, images + first * nv, rbm.W.data(), 0.0f, h.data());
#pragma omp parallel
    {
      std::vector<float> u(static_cast<std::size_t>(4 * quads));
#pragma omp for schedule(static)
      for (int64_t r = 0; r < rows; ++r) {
        if (sampled) fill_uniform_row(rng, static_cast<uint32_t>(first + r), 0, quads, u.data());
        float* row = h.data() + r * nh;
        const float* b_h = rbm.b_h.data();
        const float* uu = u.data();
#pragma omp simd
        for (int64_t j = 0; j < nh; ++j) row[j] = readout::hidden_value(row[j], b_h[j], uu[j], sampled);
      }
    }
    // Class sums in double, rows added in image order inside each column block, so the result does not
    // depend on the thread count.
    constexpr int64_t kBlock = 256;
#pragma omp parallel for schedule(static)
    for (int64_t j0 = 0; j0 < nh; j0 += kBlock) {
      const int64_t len = std::min(kBlock, nh - j0);
      for (int64_t r = 0; r < rows; ++r) {
        double* acc = sums.data() + labels[first + r] * nh + j0;
        const float* row = h.data() + r * nh + j0;
#pragma omp simd
        for (int64_t j = 0; j < len; ++j) acc[j] += static_cast<double>(row[j]);
      }
    }
  }

  out.lb.resize(sums.size());
  for (int c = 0; c < kNumDigits; ++c)
    for (int64_t j = 0; j < nh; ++j)
      out.lb[static_cast<std::size_t>(c * nh + j)] = static_cast<float>(
          sums[static_cast<std::size_t>(c * nh + j)] / static_cast<double>(out.class_counts[static_cast<std::size_t>(c)]));
  return out;
}

std::vector<double> step1_activity(const std::vector<float>& lb, int64_t n_hidden) {
  RBMDYN_CHECK(n_hidden > 0 && lb.size() == static_cast<std::size_t>(kNumDigits * n_hidden),
               "H_LB must be [10, n_hidden]");
  std::vector<double> act(kNumDigits);
  for (int c = 0; c < kNumDigits; ++c) {
    double sum = 0.0;
    for (int64_t j = 0; j < n_hidden; ++j) sum += lb[static_cast<std::size_t>(c * n_hidden + j)];
    act[static_cast<std::size_t>(c)] = 100.0 * sum / static_cast<double>(n_hidden);
  }
  return act;
}

int k_from_lb(const std::vector<float>& lb, int64_t n_hidden) {
  return k_rule(mean(step1_activity(lb, n_hidden)), n_hidden);
}

}  // namespace rbmdyn
