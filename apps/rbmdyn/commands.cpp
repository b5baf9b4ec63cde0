#include "apps/rbmdyn/commands.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace rbmdyn::cli {
namespace {

std::vector<std::pair<int, CommandAdder>>& registry() {
  static std::vector<std::pair<int, CommandAdder>> adders;
  return adders;
}

std::string& recorded_command_line() {
  static std::string line = "rbmdyn";
  return line;
}

// `text` as one shell word: unchanged when it holds only safe characters, else in single quotes.
std::string shell_word(const std::string& text) {
  const bool safe = !text.empty() && text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                           "0123456789-_=./,:+@%") == std::string::npos;
  if (safe) return text;
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

CommandRegistrar::CommandRegistrar(int order, CommandAdder add) { registry().emplace_back(order, add); }

void add_all_commands(CLI::App& app) {
  auto adders = registry();
  std::stable_sort(adders.begin(), adders.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& entry : adders) entry.second(app);
}

void record_command_line(int argc, const char* const* argv) {
  std::string line = "rbmdyn";
  for (int i = 1; i < argc; ++i) line += " " + shell_word(argv[i]);
  recorded_command_line() = line;
}

const std::string& command_line() { return recorded_command_line(); }

}  // namespace rbmdyn::cli
