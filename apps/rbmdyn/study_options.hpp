#pragma once
// The study's choices (host/reproduce/study_config.hpp) on the command line, shared by `reproduce`
// and `sensitivity`: every deviation from the authors' code is a named option whose default is theirs.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "host/reproduce/study_config.hpp"

namespace rbmdyn::cli {

struct StudyArgs {
  std::string nondigit_scale = "255";
  std::string sample_resize = "bicubic";
  int classifier_epochs = 0;
  int64_t nondigits_per_type = 0;
  int momentum_switch_epoch = 6;
  std::string readout = "sampled";
  std::optional<int> k;
  std::string visible = "mean-field";
  bool quick = false;
};

void add_study_options(CLI::App& cmd, StudyArgs& args);

// Parses the values (InputError naming the option); classifier_arch is left to the caller.
StudyConfig study_config_from(const StudyArgs& args);

// The options that differ from their defaults, as they would be typed (for the recorded command).
std::string study_args_text(const StudyArgs& args);

}  // namespace rbmdyn::cli
