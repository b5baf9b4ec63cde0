#include "host/rbm/rbm_stack.hpp"

#include <sstream>

#include "host/core/build_info.hpp"
#include "host/core/error.hpp"
#include "host/io/npy.hpp"
#include "host/io/safetensors.hpp"

namespace rbmdyn {

std::vector<int64_t> RbmStack::sizes() const {
  std::vector<int64_t> s;
  if (layers.empty()) return s;
  s.push_back(layers.front().n_visible);
  for (const Rbm& r : layers) s.push_back(r.n_hidden);
  return s;
}

RbmStack RbmStack::initialized(const std::vector<int64_t>& sizes, uint64_t seed, float init_std) {
  RBMDYN_CHECK(sizes.size() >= 2, "a stack needs at least two layer sizes");
  RbmStack stack;
  for (std::size_t l = 1; l < sizes.size(); ++l)
    stack.layers.push_back(Rbm::initialized(sizes[l - 1], sizes[l], seed, init_std, static_cast<uint32_t>(l - 1)));
  return stack;
}

std::string stack_sizes_name(const std::vector<int64_t>& sizes) {
  std::string s;
  for (std::size_t i = 0; i < sizes.size(); ++i) s += (i ? "-" : "") + std::to_string(sizes[i]);
  return s;
}

std::vector<int64_t> parse_stack_sizes(const std::string& text, const std::string& option) {
  std::vector<int64_t> sizes;
  std::stringstream in(text);
  std::string part;
  auto bad = [&](const std::string& why) -> void {
    fail_input(quote_option(option) + " '" + text + "': " + why);
  };
  while (std::getline(in, part, '-')) {
    std::size_t used = 0;
    long long v = 0;
    try {
      v = std::stoll(part, &used);
    } catch (const std::exception&) {
      bad("layer sizes are positive integers joined by '-', e.g. 784-500-500-1000");
    }
    if (used != part.size() || v <= 0 || v > (1 << 20)) bad("each layer size must be an integer in 1..1048576");
    sizes.push_back(v);
  }
  if (sizes.size() < 2) bad("needs at least two layer sizes (visible and one hidden layer)");
  return sizes;
}

std::string stack_tensor_name(int layer, const char* tensor) { return "L" + std::to_string(layer) + "." + tensor; }

std::map<std::string, std::string> stack_base_metadata(const RbmStack& stack) {
  return {{"format", "rbmdyn.stack"},
          {"format_version", "1"},
          {"depth", std::to_string(stack.depth())},
          {"sizes", stack_sizes_name(stack.sizes())},
          {"engine_version", build_info::version},
          {"engine_commit", build_info::git_describe}};
}

void save_rbm_stack(const std::filesystem::path& path, const RbmStack& stack,
                    const std::map<std::string, std::string>& metadata) {
  RBMDYN_CHECK(stack.depth() >= 1, "cannot save an empty stack");
  SafetensorsFile file;
  for (int l = 1; l <= stack.depth(); ++l) {
    const Rbm& r = stack.layers[static_cast<std::size_t>(l - 1)];
    file.put_f32(stack_tensor_name(l, "W"), r.W, {r.n_visible, r.n_hidden});
    file.put_f32(stack_tensor_name(l, "b_v"), r.b_v, {r.n_visible});
    file.put_f32(stack_tensor_name(l, "b_h"), r.b_h, {r.n_hidden});
  }
  file.metadata = stack_base_metadata(stack);
  for (const auto& [key, value] : metadata) file.metadata[key] = value;
  save_safetensors(path, file);
}

namespace {

// RBM `layer` of a stack file whose visible side must have `n_visible` units (0 = any).
Rbm load_stack_layer(const SafetensorsFile& file, int layer, int64_t n_visible, const std::string& source) {
  const std::string w_name = stack_tensor_name(layer, "W");
  const SafeTensor& w = file.tensors.at(w_name);
  if (w.shape.size() != 2 || w.shape[0] <= 0 || w.shape[1] <= 0)
    fail_input(source + ": tensor '" + w_name + "' must be 2-d [n_below, n_above], has shape " +
               shape_to_string(w.shape));
  if (n_visible != 0 && w.shape[0] != n_visible)
    fail_input(source + ": tensor '" + w_name + "' has " + std::to_string(w.shape[0]) + " rows, but layer " +
               std::to_string(layer - 1) + " has " + std::to_string(n_visible) + " units (shape " +
               shape_to_string(w.shape) + ")");
  Rbm r;
  r.n_visible = w.shape[0];
  r.n_hidden = w.shape[1];
  r.W = file.get_f32(w_name, {r.n_visible, r.n_hidden}, source);
  r.b_v = file.get_f32(stack_tensor_name(layer, "b_v"), {r.n_visible}, source);
  r.b_h = file.get_f32(stack_tensor_name(layer, "b_h"), {r.n_hidden}, source);
  return r;
}

}  // namespace

RbmStack load_rbm_stack(const std::filesystem::path& path, std::map<std::string, std::string>* metadata) {
  const std::string source = path.string();
  RbmStack stack;
  const SafetensorsFile file = load_safetensors(path);
  if (!file.has(stack_tensor_name(1, "W"))) {
    // A single-RBM file is the one-layer stack.
    if (!file.has("W")) fail_input(source + ": not a model file (no tensor 'L1.W' of a stack, nor 'W' of an RBM)");
    stack.layers.push_back(load_rbm(path, metadata));
    return stack;
  }
  int depth = 0;
  while (file.has(stack_tensor_name(depth + 1, "W"))) ++depth;
  for (const auto& [name, tensor] : file.tensors) {
    const std::size_t dot = name.find('.');
    const std::string l = dot == std::string::npos || name[0] != 'L' ? "" : name.substr(1, dot - 1);
    if (l.empty() || l.size() > 6 || l.find_first_not_of("0123456789") != std::string::npos) continue;
    if (std::stoi(l) > depth)
      fail_input(source + ": tensor '" + name + "' belongs to layer " + l + ", but '" +
                 stack_tensor_name(depth + 1, "W") + "' is missing (layers must be numbered 1, 2, ... without a gap)");
  }
  int64_t below = 0;
  for (int l = 1; l <= depth; ++l) {
    stack.layers.push_back(load_stack_layer(file, l, below, source));
    below = stack.layers.back().n_hidden;
  }
  const auto depth_meta = file.metadata.find("depth");
  if (depth_meta != file.metadata.end() && depth_meta->second != std::to_string(depth))
    fail_input(source + ": metadata depth " + depth_meta->second + " but the file holds " + std::to_string(depth) + " layers");
  const auto sizes_meta = file.metadata.find("sizes");
  if (sizes_meta != file.metadata.end() && sizes_meta->second != stack_sizes_name(stack.sizes()))
    fail_input(source + ": metadata sizes " + sizes_meta->second + " but the tensors give " +
               stack_sizes_name(stack.sizes()));
  if (metadata) *metadata = file.metadata;
  return stack;
}

}  // namespace rbmdyn
