#pragma once
// The Python figure scripts (scripts/plot_figures.py, scripts/plot_sensitivity.py), run as child
// processes: figures are optional, so a missing interpreter or package is reported, not fatal here.
#include <filesystem>
#include <string>
#include <vector>

namespace rbmdyn {

// `name` in the scripts folder: $RBMDYN_SCRIPTS_DIR when set, else <source tree>/scripts.
std::filesystem::path default_script(const std::string& name);

// Runs `python3 script args...` (each argument shell-quoted; SOURCE_DATE_EPOCH=0, so PDFs carry no
// date). Returns "" on success, else a sentence saying what failed and how to get the plotting packages.
std::string run_plot_script(const std::filesystem::path& script, const std::vector<std::string>& args);

}  // namespace rbmdyn
