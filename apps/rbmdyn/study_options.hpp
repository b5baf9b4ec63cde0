#pragma once
// The study's choices (host/reproduce/study_config.hpp) on the command line, shared by `reproduce`
// and `sensitivity`: each option is bound to its StudyConfig field, so every deviation from the
// authors' code is a named option whose default is theirs. StudyConfig::validate() checks the ranges.
#include <CLI/CLI.hpp>

#include "host/reproduce/study_config.hpp"

namespace rbmdyn::cli {

void add_study_options(CLI::App& cmd, StudyConfig& config);

}  // namespace rbmdyn::cli
