#pragma once
// The classifier's architecture as a small description (method.md §6.1), recorded as JSON in every
// classifier file so that loading needs no flags.
//
// Network, for input [B, 1, S, S] (S = input_side = 32):
//   for each block b with channels C_b:  convs_per_block × (conv3×3 pad 1 → [BatchNorm] → ReLU),
//                                         then MaxPool 2×2 stride 2
//   flatten in (C, H, W) order → for each width F in fc_hidden: Linear → ReLU → Dropout(dropout)
//   → Linear(classes) → Softmax.      The softmax is part of the model: outputs are probabilities.
//
// "paper" is §6.1 exactly: blocks {64, 128, 256, 512}, 2 convs each, fc {4096, 4096}, dropout 0.65, BN
// (ε = 1e-5, momentum 0.1), 11 classes: 8 conv + 3 linear layers, 29.9 M parameters, 0.47 GFLOP per image.
// "small" is this project's named deviation for CPU runs (same structure, fewer channels and units):
// blocks {16, 32, 64, 64}, fc {256, 256}; about 0.4 M parameters and 17 MFLOP per image forward.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace rbmdyn {

struct ClassifierArch {
  std::string name = "paper";
  int input_side = 32;
  int in_channels = 1;
  std::vector<int> block_channels{64, 128, 256, 512};
  int convs_per_block = 2;
  std::vector<int> fc_hidden{4096, 4096};
  float dropout = 0.65f;  // probability of zeroing a unit (PyTorch's p); kept units scale by 1/(1 − p)
  bool batch_norm = true;
  float bn_eps = 1e-5f;
  float bn_momentum = 0.1f;  // running = (1 − m)·running + m·batch statistic (unbiased variance)
  int classes = 11;

  static ClassifierArch paper();
  static ClassifierArch small();
  // "paper" or "small"; InputError naming `option` otherwise.
  static ClassifierArch named(const std::string& name, const std::string& option = "arch");

  // InputError naming `source` when a value is out of range (sizes ≥ 1, side divisible by 2^blocks,
  // 0 ≤ dropout < 1, eps > 0, 0 < momentum ≤ 1, classes ≥ 2).
  void validate(const std::string& source) const;

  int blocks() const { return static_cast<int>(block_channels.size()); }
  int final_side() const { return input_side >> blocks(); }
  int64_t flat_features() const;  // C_last · final_side²
  int64_t input_size() const { return static_cast<int64_t>(in_channels) * input_side * input_side; }
  // Multiply-adds ×2 of one image's forward pass (conv + linear layers only).
  double forward_flops() const;

  bool operator==(const ClassifierArch& other) const;
};

void to_json(nlohmann::json& j, const ClassifierArch& arch);
// Strict: every key present with the right type (throws nlohmann::json exceptions otherwise).
void from_json(const nlohmann::json& j, ClassifierArch& arch);

}  // namespace rbmdyn
