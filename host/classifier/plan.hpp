#pragma once
// The layer list and parameter layout derived from a ClassifierArch, shared by the CPU and cuDNN
// networks, the model file and the initialiser.
//
// Parameters live in ONE flat float array (so an SGD step is one axpy), tensors back to back in this
// order and with these names (1-based b = block, k = conv in block, i = linear layer):
//   block{b}.conv{k}.weight  [C_out, C_in, 3, 3]     block{b}.conv{k}.bias  [C_out]
//   block{b}.bn{k}.weight    [C_out]  (γ)            block{b}.bn{k}.bias    [C_out]  (β)
//   fc{i}.weight             [F_out, F_in]           fc{i}.bias             [F_out]
// BatchNorm running statistics are a second flat array ("buffers"), not trained:
//   block{b}.bn{k}.running_mean [C_out]              block{b}.bn{k}.running_var [C_out]
// (PyTorch's layouts: conv weights OIHW, linear weights [out, in].)
#include <cstdint>
#include <string>
#include <vector>

#include "host/classifier/arch.hpp"

namespace rbmdyn {

enum class ParamRole { conv_weight, conv_bias, bn_gamma, bn_beta, fc_weight, fc_bias };

struct TensorSlot {
  std::string name;
  std::vector<int64_t> shape;
  int64_t offset = 0;  // into the flat array
  int64_t count = 0;
  ParamRole role = ParamRole::conv_weight;  // parameters only
  int64_t fan_in = 0;                       // conv/linear weight and bias: C_in·9 or F_in
};

enum class LayerKind { conv, batch_norm, relu, maxpool, flatten, linear, dropout, softmax };
const char* layer_kind_name(LayerKind kind);

// One layer. Per-image activation sizes: conv part [channels, side, side], fc part [features].
struct Layer {
  LayerKind kind = LayerKind::conv;
  int in_channels = 0, out_channels = 0;  // conv part (features = 0)
  int in_side = 0, out_side = 0;
  int64_t in_size = 0, out_size = 0;  // elements per image of input and output
  int weight = -1, bias = -1;         // parameter slots: conv/linear weight and bias, BN γ and β
  int running_mean = -1, running_var = -1;  // buffer slots (BN)
  int dropout_index = -1;  // 0-based among the dropout layers: the "layer" of the dropout stream
  std::string name;        // "block1.conv1", "block1.bn1", "block1.relu1", "block1.pool", "fc1", ...
};

struct NetworkPlan {
  ClassifierArch arch;
  std::vector<Layer> layers;
  std::vector<TensorSlot> params;
  std::vector<TensorSlot> buffers;
  int64_t param_count = 0;
  int64_t buffer_count = 0;
  int64_t max_activation = 0;  // largest per-image activation (input included)
};

NetworkPlan make_plan(const ClassifierArch& arch);

// PyTorch's default initialisation (docs/method.md §6.1): conv/linear weights and biases
// U(−1/√fan_in, 1/√fan_in), BN γ = 1, β = 0. Draws: RandomStream{seed, classifier_init},
// a = parameter slot index, b = 0, element = flat index in the tensor; u = uniform_from_bits,
// value = (2u − 1)/√fan_in.
std::vector<float> init_params(const NetworkPlan& plan, uint64_t seed);
// Running mean 0, running variance 1.
std::vector<float> init_buffers(const NetworkPlan& plan);

}  // namespace rbmdyn
