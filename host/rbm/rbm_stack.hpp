#pragma once
// A deep model: a stack of Bernoulli RBMs over layer sizes n_0 (visible), n_1, …, n_L (top) (dbn.md §2).
// RBM l (1-based) joins layer l−1 (its visible side) to layer l (its hidden side): W_l [n_{l−1}, n_l],
// b_v = a_l [n_{l−1}] (used going down), b_h = b_l [n_l] (used going up). The single RBM of docs/method.md is
// the one-layer stack.
//
// File: one safetensors file with tensors L{l}.W [n_{l−1}, n_l], L{l}.b_v [n_{l−1}], L{l}.b_h [n_l] for
// l = 1…L and string metadata (format rbmdyn.stack, depth, sizes, plus training metadata). A single-RBM
// file (tensors W, b_v, b_h) loads as a one-layer stack.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "host/rbm/rbm_model.hpp"

namespace rbmdyn {

struct RbmStack {
  std::vector<Rbm> layers;  // layers[l − 1] = RBM l

  int depth() const { return static_cast<int>(layers.size()); }
  std::vector<int64_t> sizes() const;  // n_0 … n_L
  int64_t n_visible() const { return layers.front().n_visible; }
  int64_t n_top() const { return layers.back().n_hidden; }
  const Rbm& top() const { return layers.back(); }

  // RBM l = Rbm::initialized(n_{l−1}, n_l, seed, init_std, stream_layer = l − 1): the one-layer stack
  // starts exactly as the single RBM with the same seed.
  static RbmStack initialized(const std::vector<int64_t>& sizes, uint64_t seed, float init_std);
};

// "784-500-500-1000"; and its inverse, InputError naming `option` for anything but ≥ 2 positive sizes.
std::string stack_sizes_name(const std::vector<int64_t>& sizes);
std::vector<int64_t> parse_stack_sizes(const std::string& text, const std::string& option = "sizes");

// Metadata every stack file carries (format, depth, sizes, engine version and commit).
std::map<std::string, std::string> stack_base_metadata(const RbmStack& stack);

// Writes atomically. `metadata` adds to (and may override) stack_base_metadata().
void save_rbm_stack(const std::filesystem::path& path, const RbmStack& stack,
                    const std::map<std::string, std::string>& metadata = {});

// Strict: L1.W … LL.W with no gap, float32, each W 2-d, sizes chained (L{l}.W rows = L{l−1}.W
// columns), biases of the matching lengths, all values finite; the metadata's depth and sizes, when
// present, must agree. InputError naming the file, the tensor and the problem otherwise.
RbmStack load_rbm_stack(const std::filesystem::path& path, std::map<std::string, std::string>* metadata = nullptr);

// The tensor names of RBM l (1-based) in a stack file.
std::string stack_tensor_name(int layer, const char* tensor);

}  // namespace rbmdyn
