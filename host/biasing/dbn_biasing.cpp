#include "host/biasing/dbn_biasing.hpp"

#include <algorithm>

#include "host/rbm/dbn_layer_cpu.hpp"

namespace rbmdyn {

std::vector<float> stack_up_mean_field(const RbmStack& stack, const float* X, int64_t n, int upto) {
  std::vector<float> current(X, X + n * stack.n_visible());
  for (int l = 1; l <= upto; ++l) {
    const Rbm& r = stack.layers[static_cast<std::size_t>(l - 1)];
    std::vector<float> next(static_cast<std::size_t>(n * r.n_hidden));
    constexpr int64_t kChunk = 4096;  // rows per GEMM: bounded scratch, same result (elementwise FMA chains)
    for (int64_t first = 0; first < n; first += kChunk)
      rbm_up_cpu(r, current.data() + first * r.n_visible, std::min(kChunk, n - first), next.data() + first * r.n_hidden);
    current = std::move(next);
  }
  return current;
}

DerivedBiasing derive_dbn_biasing(const RbmStack& stack, const float* images, const uint8_t* labels, int64_t n,
                                  uint64_t seed, std::optional<int> k) {
  const std::vector<float> below_top = stack_up_mean_field(stack, images, n, stack.depth() - 1);
  DerivedBiasing d = derive_biasing(stack.top(), below_top.data(), labels, n, seed, Backend::cpu,
                                    ReadoutMode::probabilities, k);
  d.summary["readout"] = "mean-field up pass through the stack (dbn.md §4.1)";
  d.summary["model_sizes"] = stack_sizes_name(stack.sizes());
  return d;
}

}  // namespace rbmdyn
