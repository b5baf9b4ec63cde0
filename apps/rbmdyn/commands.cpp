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
}  // namespace

CommandRegistrar::CommandRegistrar(int order, CommandAdder add) { registry().emplace_back(order, add); }

void add_all_commands(CLI::App& app) {
  auto adders = registry();
  std::stable_sort(adders.begin(), adders.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& entry : adders) entry.second(app);
}

}  // namespace rbmdyn::cli
