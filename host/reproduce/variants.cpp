#include "host/reproduce/variants.hpp"

#include <algorithm>
#include <sstream>

#include "host/core/error.hpp"

namespace rbmdyn {
namespace {

Variant make(std::string name, VariantLevel level, std::string change, std::string reference,
             std::function<void(StudyConfig&)> apply, bool all_classifier_seeds) {
  return Variant{std::move(name), level, std::move(change), std::move(reference), std::move(apply),
                 all_classifier_seeds};
}

Variant architecture(const std::string& arch) {
  return make("classifier-" + arch, VariantLevel::classifier, "the " + arch + " classifier architecture",
              "§6.1, §10 row 23", [arch](StudyConfig& c) { c.classifier_arch = arch; }, false);
}

// classifier-epochs-N → N, or 0 when `name` is not of that form.
int epochs_of(const std::string& name) {
  const std::string prefix = "classifier-epochs-";
  if (name.rfind(prefix, 0) != 0) return 0;
  const std::string digits = name.substr(prefix.size());
  if (digits.empty() || digits.size() > 4 || !std::all_of(digits.begin(), digits.end(), ::isdigit)) return 0;
  const int n = std::stoi(digits);
  return n >= 1 && n <= 1000 ? n : 0;
}

}  // namespace

const char* variant_level_name(VariantLevel level) {
  switch (level) {
    case VariantLevel::none: return "default";
    case VariantLevel::classifier: return "classifier";
    case VariantLevel::rbm: return "rbm";
    case VariantLevel::biasing: return "biasing";
    case VariantLevel::generation: return "generation";
    case VariantLevel::metrics: return "metrics";
  }
  return "?";
}

Variant named_variant(const std::string& name, const std::string& option_name) {
  using L = VariantLevel;
  if (name == "default") return make(name, L::none, "the authors' code everywhere", "§10", [](StudyConfig&) {}, true);
  if (name == "nondigit-unit")
    return make(name, L::classifier, "non-digits ÷ 255, in [0, 1] like the digits (corrected)", "§6.2, §10 row 19",
                [](StudyConfig& c) { c.nondigit_scale = NondigitScale::unit; }, true);
  if (name == "resize-bilinear")
    return make(name, L::classifier, "RBM samples resized bilinear, as the training digits", "§6.4, §10 row 18",
                [](StudyConfig& c) { c.sample_resize = SampleResize::bilinear; }, true);
  if (name == "classifier-mid" || name == "classifier-small" || name == "classifier-paper")
    return architecture(name.substr(std::string("classifier-").size()));
  if (const int epochs = epochs_of(name); epochs > 0)
    return make(name, L::classifier, std::to_string(epochs) + " classifier training epochs", "§6.3",
                [epochs](StudyConfig& c) { c.classifier_epochs = epochs; }, false);
  if (name == "nondigits-5400")
    return make(name, L::classifier, "5400 non-digits per type (the paper's 59400)", "§6.2",
                [](StudyConfig& c) { c.nondigits_per_type = 5400; }, false);
  if (name == "momentum-switch-5")
    return make(name, L::rbm, "momentum 0.5 for the first 5 epochs (paper text), not 6", "§2.2, §10 row 1",
                [](StudyConfig& c) { c.momentum_switch_epoch = 5; }, false);
  if (name == "k-149")
    return make(name, L::biasing, "chimeras with the paper's k = 149 instead of the rule", "§5.1, §10 row 15",
                [](StudyConfig& c) { c.k = 149; }, false);
  if (name == "readout-probabilities")
    return make(name, L::biasing, "H_LB from hidden probabilities, not samples", "§3.1, §10 row 7",
                [](StudyConfig& c) { c.readout = ReadoutMode::probabilities; }, false);
  if (name == "visible-sampled")
    return make(name, L::generation, "sampled visible units (standard block Gibbs)", "§4.1",
                [](StudyConfig& c) { c.visible = VisibleMode::sampled; }, false);
  if (name == "transitions-changes")
    return make(name, L::metrics, "transitions counted as changes R − 1, not runs R", "§7.1, §10 row 16",
                [](StudyConfig& c) { c.conventions.transitions_as_changes = true; }, true);
  if (name == "nondigit-reference-9")
    return make(name, L::metrics, "non-digit-time MWU against LB digits 1–9, not all 10", "§7.7, §10 row 28",
                [](StudyConfig& c) { c.conventions.nondigit_reference_9_digits = true; }, true);
  fail_input(quote_option(option_name) + ": unknown variant '" + name +
             "' (known: default, nondigit-unit, resize-bilinear, classifier-mid, classifier-small, classifier-paper, "
             "classifier-epochs-N, nondigits-5400, momentum-switch-5, k-149, readout-probabilities, visible-sampled, "
             "transitions-changes, nondigit-reference-9)");
}

std::vector<std::string> default_variant_names(const StudyConfig& base, bool cuda) {
  std::vector<std::string> names = {"default", "nondigit-unit", "resize-bilinear"};
  for (const std::string arch : {"small", "mid", "paper"})
    if (arch != base.classifier_arch && (cuda || arch != "paper")) names.push_back("classifier-" + arch);
  const int epochs = classifier_train_config(base, 1).epochs;
  names.push_back("classifier-epochs-" + std::to_string(2 * epochs));
  for (const char* n : {"nondigits-5400", "momentum-switch-5", "k-149", "readout-probabilities", "visible-sampled",
                        "transitions-changes", "nondigit-reference-9"})
    names.emplace_back(n);
  return names;
}

std::vector<Variant> parse_variants(const std::string& list, const std::string& option_name) {
  std::vector<Variant> out = {named_variant("default", option_name)};
  std::stringstream in(list);
  std::string name;
  while (std::getline(in, name, ',')) {
    if (name.empty()) fail_input(quote_option(option_name) + " '" + list + "': empty variant name");
    if (std::any_of(out.begin(), out.end(), [&](const Variant& v) { return v.name == name; })) {
      if (name == "default") continue;
      fail_input(quote_option(option_name) + " '" + list + "': variant " + name + " given twice");
    }
    out.push_back(named_variant(name, option_name));
  }
  return out;
}

StudyConfig apply_variant(const StudyConfig& base, const Variant& variant) {
  StudyConfig c = base;
  variant.apply(c);
  return c;
}

}  // namespace rbmdyn
