#pragma once
// Hyperparameters of CD-1 training, with the study's values as defaults (method.md §0, §2).
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace rbmdyn {

struct Cd1Config {
  int64_t n_hidden = 1000;
  int epochs = 100;
  int batch_size = 125;
  float lr_weights = 0.1f;       // ε for W
  float lr_visible_bias = 0.1f;  // ε for b_v
  float lr_hidden_bias = 0.1f;   // ε for b_h
  float weight_cost = 0.0002f;   // λ, on W only, inside the ε factor (method.md §10 #2)
  float momentum_initial = 0.5f;
  float momentum_final = 0.9f;
  // First 0-based epoch that uses momentum_final. 6 reproduces the authors' code (`epoch > 5`, six
  // epochs at 0.5; method.md §10 #1); 5 gives the paper text's "first 5 epochs".
  int momentum_switch_epoch = 6;
  float init_std = 0.1f;  // W ~ init_std · N(0,1)
  uint64_t seed = 1;
  bool shuffle = false;  // the study uses the fixed file order; true reshuffles every epoch (seeded)

  float momentum_for_epoch(int epoch) const {
    return epoch < momentum_switch_epoch ? momentum_initial : momentum_final;
  }
  // Throws InputError naming the offending option (e.g. "`batch_size` 0: must be positive").
  void validate() const;
};

void to_json(nlohmann::json& j, const Cd1Config& c);
void from_json(const nlohmann::json& j, Cd1Config& c);

}  // namespace rbmdyn
