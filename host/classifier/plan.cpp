#include "host/classifier/plan.hpp"

#include <algorithm>
#include <cmath>

#include "host/core/random.hpp"

namespace rbmdyn {

const char* layer_kind_name(LayerKind kind) {
  switch (kind) {
    case LayerKind::conv: return "conv";
    case LayerKind::batch_norm: return "batch_norm";
    case LayerKind::relu: return "relu";
    case LayerKind::maxpool: return "maxpool";
    case LayerKind::flatten: return "flatten";
    case LayerKind::linear: return "linear";
    case LayerKind::dropout: return "dropout";
    case LayerKind::softmax: return "softmax";
  }
  return "?";
}

namespace {

int add_slot(std::vector<TensorSlot>& slots, int64_t& total, std::string name, std::vector<int64_t> shape,
             ParamRole role, int64_t fan_in) {
  TensorSlot s;
  s.name = std::move(name);
  s.count = 1;
  for (int64_t d : shape) s.count *= d;
  s.shape = std::move(shape);
  s.offset = total;
  s.role = role;
  s.fan_in = fan_in;
  total += s.count;
  slots.push_back(std::move(s));
  return static_cast<int>(slots.size()) - 1;
}

// Appends layers and their parameter slots in network order; tracks the running shape.
struct PlanBuilder {
  NetworkPlan plan;
  int channels = 0;       // conv part: current channels and side
  int side = 0;
  int64_t features = 0;   // fc part: current width
  int dropouts = 0;

  void push(Layer layer) {
    plan.max_activation = std::max({plan.max_activation, layer.in_size, layer.out_size});
    plan.layers.push_back(std::move(layer));
  }
  int param(const std::string& name, std::vector<int64_t> shape, ParamRole role, int64_t fan_in) {
    return add_slot(plan.params, plan.param_count, name, std::move(shape), role, fan_in);
  }
  int buffer(const std::string& name, int64_t count, ParamRole role) {
    return add_slot(plan.buffers, plan.buffer_count, name, {count}, role, 0);
  }

  // conv3×3 pad 1 → [BatchNorm] → ReLU, the k-th (1-based) of `block`, to `cout` channels.
  void conv_unit(const std::string& block, const std::string& k, int cout, bool batch_norm) {
    const int64_t plane = static_cast<int64_t>(side) * side;
    Layer conv;
    conv.kind = LayerKind::conv;
    conv.name = block + ".conv" + k;
    conv.in_channels = channels;
    conv.out_channels = cout;
    conv.in_side = conv.out_side = side;
    conv.in_size = channels * plane;
    conv.out_size = cout * plane;
    const int64_t fan_in = static_cast<int64_t>(channels) * 9;
    conv.weight = param(conv.name + ".weight", {cout, channels, 3, 3}, ParamRole::conv_weight, fan_in);
    conv.bias = param(conv.name + ".bias", {cout}, ParamRole::conv_bias, fan_in);
    push(conv);
    Layer same;
    same.in_channels = same.out_channels = cout;
    same.in_side = same.out_side = side;
    same.in_size = same.out_size = cout * plane;
    if (batch_norm) {
      Layer bn = same;
      bn.kind = LayerKind::batch_norm;
      bn.name = block + ".bn" + k;
      bn.weight = param(bn.name + ".weight", {cout}, ParamRole::bn_gamma, 0);
      bn.bias = param(bn.name + ".bias", {cout}, ParamRole::bn_beta, 0);
      bn.running_mean = buffer(bn.name + ".running_mean", cout, ParamRole::bn_beta);
      bn.running_var = buffer(bn.name + ".running_var", cout, ParamRole::bn_gamma);
      push(bn);
    }
    Layer relu = same;
    relu.kind = LayerKind::relu;
    relu.name = block + ".relu" + k;
    push(relu);
    channels = cout;
  }

  void pool(const std::string& block) {
    Layer pool;
    pool.kind = LayerKind::maxpool;
    pool.name = block + ".pool";
    pool.in_channels = pool.out_channels = channels;
    pool.in_side = side;
    pool.out_side = side / 2;
    pool.in_size = static_cast<int64_t>(channels) * side * side;
    pool.out_size = static_cast<int64_t>(channels) * (side / 2) * (side / 2);
    push(pool);
    side /= 2;
  }

  void flatten(int64_t flat_features) {
    Layer flat;
    flat.kind = LayerKind::flatten;
    flat.name = "flatten";
    flat.in_channels = channels;
    flat.in_side = side;
    flat.in_size = flat.out_size = flat_features;
    push(flat);
    features = flat_features;
  }

  void linear(int index, int64_t out) {
    Layer fc;
    fc.kind = LayerKind::linear;
    fc.name = "fc" + std::to_string(index);
    fc.in_size = features;
    fc.out_size = out;
    fc.weight = param(fc.name + ".weight", {out, features}, ParamRole::fc_weight, features);
    fc.bias = param(fc.name + ".bias", {out}, ParamRole::fc_bias, features);
    push(fc);
    features = out;
  }

  // A hidden fc layer: linear → ReLU → dropout.
  void hidden(int index, int width) {
    linear(index, width);
    Layer relu;
    relu.kind = LayerKind::relu;
    relu.name = "fc" + std::to_string(index) + ".relu";
    relu.in_size = relu.out_size = width;
    push(relu);
    Layer drop;
    drop.kind = LayerKind::dropout;
    drop.name = "fc" + std::to_string(index) + ".dropout";
    drop.in_size = drop.out_size = width;
    drop.dropout_index = dropouts++;
    push(drop);
  }

  void softmax(int classes) {
    Layer soft;
    soft.kind = LayerKind::softmax;
    soft.name = "softmax";
    soft.in_size = soft.out_size = classes;
    push(soft);
  }
};

}  // namespace

NetworkPlan make_plan(const ClassifierArch& arch) {
  arch.validate("classifier architecture");
  PlanBuilder p;
  p.plan.arch = arch;
  p.channels = arch.in_channels;
  p.side = arch.input_side;
  for (int b = 0; b < arch.blocks(); ++b) {
    const std::string block = "block" + std::to_string(b + 1);
    for (int k = 0; k < arch.convs_per_block; ++k)
      p.conv_unit(block, std::to_string(k + 1), arch.block_channels[static_cast<std::size_t>(b)], arch.batch_norm);
    p.pool(block);
  }
  p.flatten(arch.flat_features());
  int index = 1;
  for (int width : arch.fc_hidden) p.hidden(index++, width);
  p.linear(index, arch.classes);
  p.softmax(arch.classes);
  return std::move(p.plan);
}

std::vector<float> init_params(const NetworkPlan& plan, uint64_t seed) {
  std::vector<float> p(static_cast<std::size_t>(plan.param_count));
  const RandomStream rng{seed, RngPurpose::classifier_init};
  for (std::size_t t = 0; t < plan.params.size(); ++t) {
    const TensorSlot& s = plan.params[t];
    float* out = p.data() + s.offset;
    if (s.role == ParamRole::bn_gamma || s.role == ParamRole::bn_beta) {
      std::fill_n(out, s.count, s.role == ParamRole::bn_gamma ? 1.0f : 0.0f);
      continue;
    }
    const double bound = 1.0 / std::sqrt(static_cast<double>(s.fan_in));
    for (int64_t i = 0; i < s.count; ++i) {
      const double u = uniform_from_bits(rng.bits(static_cast<uint32_t>(t), 0, static_cast<uint32_t>(i)));
      out[i] = static_cast<float>((2.0 * u - 1.0) * bound);
    }
  }
  return p;
}

std::vector<float> init_buffers(const NetworkPlan& plan) {
  std::vector<float> b(static_cast<std::size_t>(plan.buffer_count));
  for (const TensorSlot& s : plan.buffers) {
    const bool is_var = s.name.size() >= 4 && s.name.compare(s.name.size() - 4, 4, "_var") == 0;
    std::fill_n(b.data() + s.offset, s.count, is_var ? 1.0f : 0.0f);
  }
  return b;
}

}  // namespace rbmdyn
