#pragma once
// Hyperparameters of CD-1 training, with the study's values as defaults (docs/method.md §0, §2).
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace rbmdyn {

// CD-1's negative visible V1 (docs/method.md §2.2 vs dbn.md §3.1 step 3).
enum class NegativeVisible {
  mean_field,  // V1 = σ(H0·Wᵀ + b_v), a probability (the RBM study)
  sampled,     // V1 = Bern(σ(H0·Wᵀ + b_v)), binary (the deep models); draws at (cd1_visible, sample, b)
};
NegativeVisible parse_negative_visible(const std::string& text, const std::string& option_name = "negative_visible");
const char* negative_visible_name(NegativeVisible mode);

struct Cd1Config {
  int64_t n_hidden = 1000;
  int epochs = 100;
  int batch_size = 125;
  float lr_weights = 0.1f;       // ε for W
  float lr_visible_bias = 0.1f;  // ε for b_v
  float lr_hidden_bias = 0.1f;   // ε for b_h
  float weight_cost = 0.0002f;   // λ, on W only, inside the ε factor (docs/method.md §10 #2)
  float momentum_initial = 0.5f;
  float momentum_final = 0.9f;
  // First 0-based epoch that uses momentum_final. 6 reproduces the authors' code (`epoch > 5`, six
  // epochs at 0.5; docs/method.md §10 #1); 5 gives the paper text's "first 5 epochs".
  int momentum_switch_epoch = 6;
  float init_std = 0.1f;  // W ~ init_std · N(0,1)
  uint64_t seed = 1;
  bool shuffle = false;  // the study uses the fixed file order; true reshuffles every epoch (seeded)
  // The reconstruction error is always against the probability σ(H0·Wᵀ + b_v).
  NegativeVisible negative_visible = NegativeVisible::mean_field;
  // Position of this RBM in a stack (0 = a single RBM or the bottom layer): CD-1 draws use
  // b = cd1_stream_b(epoch, stream_layer) and the initial W uses a = stream_layer.
  uint32_t stream_layer = 0;

  float momentum_for_epoch(int epoch) const {
    return epoch < momentum_switch_epoch ? momentum_initial : momentum_final;
  }
  // Throws InputError naming the offending option (e.g. "`batch_size` 0: must be positive").
  void validate() const;
};

void to_json(nlohmann::json& j, const Cd1Config& c);
void from_json(const nlohmann::json& j, Cd1Config& c);

}  // namespace rbmdyn
