// The CPU readout of method.md §3.1–3.2, the reference: per chunk of images, one cpu_sgemm X·W, then
// a vectorised pass of the shared per-element step (host/ops/readout_math.hpp) and class sums in double.
#include <algorithm>

#include "host/biasing/label_biasing.hpp"
#include "host/blas/cpu_blas.hpp"
#include "host/core/random_block.hpp"
#include "host/ops/readout_math.hpp"
#include "host/runtime/nvtx.hpp"

namespace rbmdyn {
namespace {

// In place over h [rows, nh] holding X·W for images first .. first + rows − 1: the readout value of each
// hidden unit (σ, then a Bernoulli draw when sampled).
void readout_rows(float* h, int64_t first, int64_t rows, const float* b_h, int64_t nh, const RandomStream& rng,
                  bool sampled) {
  const int64_t quads = (nh + 3) / 4;
#pragma omp parallel
  {
    std::vector<float> u(static_cast<std::size_t>(4 * quads));
#pragma omp for schedule(static)
    for (int64_t r = 0; r < rows; ++r) {
      if (sampled) fill_uniform_row(rng, static_cast<uint32_t>(first + r), 0, quads, u.data());
      float* row = h + r * nh;
      const float* uu = u.data();
#pragma omp simd
      for (int64_t j = 0; j < nh; ++j) row[j] = readout::hidden_value(row[j], b_h[j], uu[j], sampled);
    }
  }
}

// sums[labels[r], :] += h[r, :] in double, rows added in image order inside each column block, so the
// result does not depend on the thread count.
void add_class_sums(const float* h, const uint8_t* labels, int64_t rows, int64_t nh, double* sums) {
  constexpr int64_t kBlock = 256;
#pragma omp parallel for schedule(static)
  for (int64_t j0 = 0; j0 < nh; j0 += kBlock) {
    const int64_t len = std::min(kBlock, nh - j0);
    for (int64_t r = 0; r < rows; ++r) {
      double* acc = sums + labels[r] * nh + j0;
      const float* row = h + r * nh + j0;
#pragma omp simd
      for (int64_t j = 0; j < len; ++j) acc[j] += static_cast<double>(row[j]);
    }
  }
}

class LabelBiasingEngineCpu final : public LabelBiasingEngine {
 public:
  explicit LabelBiasingEngineCpu(const Rbm& rbm) : rbm_(rbm) {}

  LabelBiasing readout(const float* images, const uint8_t* labels, int64_t n, uint64_t seed,
                       ReadoutMode mode) override {
    NvtxRange range("biasing/readout");
    LabelBiasing out;
    out.class_counts = readout_class_counts(labels, n);
    const int64_t nv = rbm_.n_visible;
    const int64_t nh = rbm_.n_hidden;
    out.n_hidden = nh;
    const RandomStream rng{seed, RngPurpose::readout_hidden};
    constexpr int64_t kChunk = 2048;  // rows per GEMM: [2048, nh] floats = 8 MB of pre-activations
    std::vector<float> h(static_cast<std::size_t>(std::min(kChunk, n) * nh));
    std::vector<double> sums(static_cast<std::size_t>(kNumDigits * nh), 0.0);
    for (int64_t first = 0; first < n; first += kChunk) {
      const int64_t rows = std::min(kChunk, n - first);
      // [rows, nh] = X[first .. first + rows) · W
      cpu_sgemm(Trans::no, Trans::no, rows, nh, nv, 1.0f, images + first * nv, rbm_.W.data(), 0.0f, h.data());
      readout_rows(h.data(), first, rows, rbm_.b_h.data(), nh, rng, mode == ReadoutMode::sampled);
      add_class_sums(h.data(), labels + first, rows, nh, sums.data());
    }
    out.lb = class_means(sums, out.class_counts, nh);
    return out;
  }

 private:
  Rbm rbm_;
};

}  // namespace

std::unique_ptr<LabelBiasingEngine> make_label_biasing_engine_cpu(const Rbm& rbm) {
  return std::make_unique<LabelBiasingEngineCpu>(rbm);
}

}  // namespace rbmdyn
