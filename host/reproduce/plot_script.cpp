#include "host/reproduce/plot_script.hpp"

#include <cstdlib>

#ifndef RBMDYN_SOURCE_DIR
#define RBMDYN_SOURCE_DIR "."
#endif

namespace rbmdyn {
namespace {

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::filesystem::path default_script(const std::string& name) {
  if (const char* env = std::getenv("RBMDYN_SCRIPTS_DIR"); env && *env) return std::filesystem::path(env) / name;
  return std::filesystem::path(RBMDYN_SOURCE_DIR) / "scripts" / name;
}

std::string run_plot_script(const std::filesystem::path& script, const std::vector<std::string>& args) {
  if (!std::filesystem::exists(script)) return "no figure script " + script.string();
  // SOURCE_DATE_EPOCH=0 keeps the date out of the PDFs, so a rerun draws byte-identical figures.
  std::string command = "SOURCE_DATE_EPOCH=0 python3 " + shell_quote(script.string());
  for (const std::string& a : args) command += " " + shell_quote(a);
  const int rc = std::system(command.c_str());
  if (rc == 0) return "";
  return "`" + command + "` exited with status " + std::to_string(rc) +
         " (needs python3 with numpy and matplotlib: scripts/setup.sh --plots)";
}

}  // namespace rbmdyn
