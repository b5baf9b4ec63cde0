#include "host/biasing/dbn_biasing.hpp"

#include <algorithm>
#include <limits>

#include "host/rbm/dbn_layer_cpu.hpp"

namespace rbmdyn {

namespace {

// ↑(X) of one RBM for X [n, n_visible]: [n, n_hidden], in chunks of rows.
std::vector<float> up_one(const Rbm& r, const float* X, int64_t n) {
  std::vector<float> out(static_cast<std::size_t>(n * r.n_hidden));
  constexpr int64_t kChunk = 4096;  // rows per GEMM: bounded scratch, same result (elementwise FMA chains)
  for (int64_t first = 0; first < n; first += kChunk)
    rbm_up_cpu(r, X + first * r.n_visible, std::min(kChunk, n - first), out.data() + first * r.n_hidden);
  return out;
}

}  // namespace

std::vector<float> stack_up_mean_field(const RbmStack& stack, const float* X, int64_t n, int upto) {
  std::vector<float> current(X, X + n * stack.n_visible());
  for (int l = 1; l <= upto; ++l) current = up_one(stack.layers[static_cast<std::size_t>(l - 1)], current.data(), n);
  return current;
}

double class_mean_readout_accuracy(const float* Q, const uint8_t* labels, int64_t n, int64_t width,
                                   const float* class_means) {
  if (n == 0) return 0;
  int64_t correct = 0;
  for (int64_t i = 0; i < n; ++i) {
    int best = 0;
    double best_d = std::numeric_limits<double>::infinity();
    for (int c = 0; c < 10; ++c) {
      double d = 0;
      for (int64_t j = 0; j < width; ++j) {
        const double e = static_cast<double>(Q[i * width + j]) - static_cast<double>(class_means[c * width + j]);
        d += e * e;
      }
      if (d < best_d) best_d = d, best = c;  // ties: the lower class
    }
    correct += best == labels[i] ? 1 : 0;
  }
  return static_cast<double>(correct) / static_cast<double>(n);
}

DerivedBiasing derive_dbn_biasing(const RbmStack& stack, const float* images, const uint8_t* labels, int64_t n,
                                  uint64_t seed, std::optional<int> k) {
  const std::vector<float> below_top = stack_up_mean_field(stack, images, n, stack.depth() - 1);
  DerivedBiasing d = derive_biasing(stack.top(), below_top.data(), labels, n, seed, Backend::cpu,
                                    ReadoutMode::probabilities, k);
  d.summary["readout"] = "mean-field up pass through the stack (dbn.md §4.1)";
  d.summary["model_sizes"] = stack_sizes_name(stack.sizes());
  const std::vector<float> top = up_one(stack.top(), below_top.data(), n);
  d.summary["readout_class_mean_accuracy"] =
      class_mean_readout_accuracy(top.data(), labels, n, stack.n_top(), d.set.lb.data());
  return d;
}

}  // namespace rbmdyn
