#pragma once
// The named variants of a sensitivity analysis: each is the default StudyConfig with one choice of
// docs/method.md §10 changed, measured over seeds next to the default. What a variant shares with the
// default decides what is rerun (sensitivity_plan.hpp): a classifier variant reuses the default's
// chains, a metrics variant reuses its predictions.
//
//   name                  level        change                                         docs/method.md
//   default               —            the authors' code everywhere                   §10
//   nondigit-unit         classifier   non-digits ÷ 255, in [0, 1] (corrected)        §6.2, §10 row 19
//   resize-bilinear       classifier   RBM samples resized as the training digits     §6.4, §10 row 18
//   classifier-mid        classifier   the mid-size architecture                      §6.1, §10 row 23
//   classifier-small      classifier   the small architecture (when the default is paper)
//   classifier-paper      classifier   the paper's architecture (GPU)
//   classifier-epochs-N   classifier   N training epochs instead of the recipe's      §6.3
//   nondigits-5400        classifier   5400 non-digits per type (the paper's count)   §6.2
//   momentum-switch-5     rbm          0.5 momentum for 5 epochs (paper text)         §10 row 1
//   k-149                 biasing      chimeras with the paper's k = 149              §5.1, §10 row 15
//   readout-probabilities biasing      H_LB from hidden probabilities                 §10 row 7
//   visible-sampled       generation   sampled visible units (standard block Gibbs)   §4.1
//   transitions-changes   metrics      transitions = changes R − 1, not runs R        §7.1, §10 row 16
//   nondigit-reference-9  metrics      non-digit MWU against LB digits 1–9            §7.7, §10 row 28
#include <functional>
#include <string>
#include <vector>

#include "host/reproduce/study_config.hpp"

namespace rbmdyn {

enum class VariantLevel { none, classifier, rbm, biasing, generation, metrics };
const char* variant_level_name(VariantLevel level);

struct Variant {
  std::string name;
  VariantLevel level = VariantLevel::none;
  std::string change;      // what differs from the default, in words
  std::string reference;   // where docs/method.md discusses the choice
  std::function<void(StudyConfig&)> apply;
  // Measured over every classifier seed (true) or only the first one (false: a cost-saving choice for
  // variants whose classifier must be trained anew; RBM seeds are always all).
  bool all_classifier_seeds = true;
};

// The variant `name` (see the table above; classifier-epochs-N for any N in 1..1000). InputError naming
// `option` for an unknown name.
Variant named_variant(const std::string& name, const std::string& option_name = "variants");

// The variants measured by default for a default config of architecture `default_arch`: everything in
// the table except the architectures equal to the default and except classifier-paper on the CPU
// (hours per training there), with classifier-epochs-N at twice the recipe's epochs.
std::vector<std::string> default_variant_names(const StudyConfig& base, bool cuda);

// "a,b,c" → variants, "default" first (added when missing), no duplicates.
std::vector<Variant> parse_variants(const std::string& list, const std::string& option_name = "variants");

// The base config with the variant applied.
StudyConfig apply_variant(const StudyConfig& base, const Variant& variant);

}  // namespace rbmdyn
