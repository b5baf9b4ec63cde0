#include "apps/rbmdyn/study_options.hpp"

#include "host/core/error.hpp"

namespace rbmdyn::cli {

void add_study_options(CLI::App& cmd, StudyArgs& a) {
  cmd.add_flag("--quick", a.quick, "Small configuration (CI): 5-epoch RBM, classifier on a subset, 20 chains/vector");
  cmd.add_option("--nondigit-scale", a.nondigit_scale,
                 "Classifier non-digits: 255 (the authors' code, which produced the paper's numbers) or unit "
                 "(÷255, the corrected variant; method.md §10 row 19)")
      ->capture_default_str();
  cmd.add_option("--sample-resize", a.sample_resize,
                 "RBM samples to 32×32: bicubic (the authors' code) or bilinear (as the training digits; §10 row 18)")
      ->capture_default_str();
  cmd.add_option("--classifier-epochs", a.classifier_epochs, "Classifier epochs (0 = the architecture's recipe)")
      ->capture_default_str();
  cmd.add_option("--nondigits-per-type", a.nondigits_per_type,
                 "Synthetic non-digits per type (0 = the recipe's; the paper has 5400)")
      ->capture_default_str();
  cmd.add_option("--momentum-switch-epoch", a.momentum_switch_epoch,
                 "First 0-based RBM epoch with momentum 0.9: 6 (the authors' code) or 5 (the paper's text)")
      ->capture_default_str();
  cmd.add_option("--readout", a.readout, "Label-biasing readout: sampled (the authors' code) or probabilities")
      ->capture_default_str();
  cmd.add_option("--k", a.k, "Top-k of the chimera vectors (default: the rule of §5.1; the paper's value is 149)");
  cmd.add_option("--visible", a.visible, "Visible units while generating: mean-field (the authors' code) or sampled")
      ->capture_default_str();
}

StudyConfig study_config_from(const StudyArgs& a) {
  StudyConfig c;
  c.quick = a.quick;
  c.nondigit_scale = parse_nondigit_scale(a.nondigit_scale);
  c.sample_resize = parse_sample_resize(a.sample_resize);
  if (a.classifier_epochs < 0 || a.classifier_epochs > 100000)
    fail_input("--classifier-epochs " + std::to_string(a.classifier_epochs) + ": must be in 0..100000");
  c.classifier_epochs = a.classifier_epochs;
  if (a.nondigits_per_type < 0 || a.nondigits_per_type > 1000000)
    fail_input("--nondigits-per-type " + std::to_string(a.nondigits_per_type) + ": must be in 0..1000000");
  c.nondigits_per_type = a.nondigits_per_type;
  if (a.momentum_switch_epoch < 0 || a.momentum_switch_epoch > 100000)
    fail_input("--momentum-switch-epoch " + std::to_string(a.momentum_switch_epoch) + ": must be in 0..100000");
  c.momentum_switch_epoch = a.momentum_switch_epoch;
  c.readout = parse_readout_mode(a.readout);
  if (a.k && (*a.k < 1 || *a.k > 1000)) fail_input("--k " + std::to_string(*a.k) + ": must be in 1..1000");
  c.k = a.k;
  c.visible = parse_visible_mode(a.visible);
  return c;
}

std::string study_args_text(const StudyArgs& a) {
  const StudyArgs d;
  std::string s;
  if (a.quick) s += " --quick";
  if (a.nondigit_scale != d.nondigit_scale) s += " --nondigit-scale " + a.nondigit_scale;
  if (a.sample_resize != d.sample_resize) s += " --sample-resize " + a.sample_resize;
  if (a.classifier_epochs != d.classifier_epochs) s += " --classifier-epochs " + std::to_string(a.classifier_epochs);
  if (a.nondigits_per_type != d.nondigits_per_type) s += " --nondigits-per-type " + std::to_string(a.nondigits_per_type);
  if (a.momentum_switch_epoch != d.momentum_switch_epoch)
    s += " --momentum-switch-epoch " + std::to_string(a.momentum_switch_epoch);
  if (a.readout != d.readout) s += " --readout " + a.readout;
  if (a.k) s += " --k " + std::to_string(*a.k);
  if (a.visible != d.visible) s += " --visible " + a.visible;
  return s;
}

}  // namespace rbmdyn::cli
