#include "apps/rbmdyn/study_options.hpp"

#include "apps/rbmdyn/options.hpp"

namespace rbmdyn::cli {

void add_study_options(CLI::App& cmd, StudyConfig& c) {
  cmd.add_flag("--quick", c.quick, "Small configuration (CI): 5-epoch RBM, classifier on a subset, 20 chains/vector");
  add_parsed(cmd, "--nondigit-scale", c.nondigit_scale, parse_nondigit_scale,
             "Classifier non-digits: 255 (the authors' code, which produced the paper's numbers) or unit (÷255, "
             "the corrected variant; docs/method.md §10 row 19)",
             nondigit_scale_name(c.nondigit_scale));
  add_parsed(cmd, "--sample-resize", c.sample_resize, parse_sample_resize,
             "RBM samples to 32×32: bicubic (the authors' code) or bilinear (as the training digits; §10 row 18)",
             sample_resize_name(c.sample_resize));
  cmd.add_option("--classifier-epochs", c.classifier_epochs, "Classifier epochs (0 = the architecture's recipe)")
      ->capture_default_str();
  cmd.add_option("--nondigits-per-type", c.nondigits_per_type,
                 "Synthetic non-digits per type (0 = the recipe's; the paper has 5400)")
      ->capture_default_str();
  cmd.add_option("--momentum-switch-epoch", c.momentum_switch_epoch,
                 "First 0-based RBM epoch with momentum 0.9: 6 (the authors' code) or 5 (the paper's text)")
      ->capture_default_str();
  add_parsed(cmd, "--readout", c.readout, parse_readout_mode,
             "Label-biasing readout: sampled (the authors' code) or probabilities", readout_mode_name(c.readout));
  cmd.add_option("--k", c.k, "Top-k of the chimera vectors (default: the rule of §5.1; the paper's value is 149)");
  add_parsed(cmd, "--visible", c.visible, parse_visible_mode,
             "Visible units while generating: mean-field (the authors' code) or sampled", visible_mode_name(c.visible));
}

}  // namespace rbmdyn::cli
