#pragma once
// The options of a classifier training run (docs/method.md §6.3) and their JSON form, which the model
// file's metadata and the checkpoint record (host/classifier/trainer.hpp runs them).
#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "host/data/nondigits.hpp"

namespace rbmdyn {

struct ClassifierTrainConfig {
  uint64_t seed = 1;
  int epochs = 20;
  int batch_size = 64;
  float lr = 0.01f;
  int64_t validation_size = 6000;       // held out of the 60000 training images
  int64_t train_limit = 0;              // use only the first N training digits of the split (0 = all 54000)
  int64_t nondigits_per_type = 5400;    // 11 types → 59400 non-digits
  // Non-digit pixel scale (§6.2 step 4, §10 row 19): 0..255 as the authors' code (default; what produced
  // the paper's numbers) or [0, 1] (the named corrected variant). Files written before this option
  // existed record the boolean `nondigit_scale_255` instead; from_json reads it with its meaning.
  NondigitScale nondigit_scale = NondigitScale::raw255;
  int64_t validation_limit = 0;         // validate on the first N validation digits only (0 = all)
  bool test_each_epoch = true;          // also report MNIST test accuracy per epoch (monitoring)
  int64_t heldout_nondigits_per_type = 100;  // held-out non-digits (seed ^ kHeldoutSeedXor) for monitoring

  // §6.3 exactly (the defaults above).
  static ClassifierTrainConfig paper();
  // The small architecture's CPU recipe, a named deviation: 6 epochs, lr 0.05, all 54000 digits but
  // 1500 non-digits per type (16500), no per-epoch test scoring.
  static ClassifierTrainConfig small();
  static ClassifierTrainConfig for_arch(const std::string& arch_name);
  void validate() const;  // InputError naming the option
};
inline constexpr uint64_t kHeldoutSeedXor = 0x5DEECE66DULL;

void to_json(nlohmann::json& j, const ClassifierTrainConfig& c);
void from_json(const nlohmann::json& j, ClassifierTrainConfig& c);

}  // namespace rbmdyn
