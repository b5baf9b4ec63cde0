// rbmdyn inspect: what an rbmdyn file or output folder is (host/util/inspect.hpp), printed as JSON.
#include <cstdio>
#include <memory>
#include <string>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "host/util/inspect.hpp"

namespace rbmdyn::cli {
namespace {

void add_inspect_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "inspect",
      "What a file or folder is: kind, tensor/array shapes, the options and inputs it was made from, sha256");
  add_quiet_flag(*cmd, nullptr, "progress lines");
  auto path = std::make_shared<std::string>();
  cmd->add_option("path", *path,
                  "A model or checkpoint (.safetensors), an .npy array, or an output folder (sweep, biasing, "
                  "generate, classify, analyze, nondigits, reproduce)")
      ->required();
  cmd->callback([path]() { std::printf("%s\n", inspect_path(*path).dump(2).c_str()); });
}

}  // namespace

RBMDYN_REGISTER_COMMAND(190, add_inspect_command);

}  // namespace rbmdyn::cli
