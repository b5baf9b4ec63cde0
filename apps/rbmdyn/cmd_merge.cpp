// rbmdyn merge: combine the shard folders of one sweep into the folder an unsharded run writes.
#include <cstdio>
#include <memory>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "host/sweep/merge.hpp"

namespace rbmdyn::cli {
namespace {

void add_merge_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("merge", "Combine `sweep --shard i/n` folders into one sweep folder");
  add_quiet_flag(*cmd, nullptr, "progress lines");
  auto out = std::make_shared<std::filesystem::path>();
  auto shards = std::make_shared<std::vector<std::filesystem::path>>();
  cmd->add_option("--out", *out, "Output folder")->required();
  cmd->add_option("shards", *shards, "Shard folders (any order)")->required();
  cmd->callback([out, shards]() {
    const SweepFolder merged = merge_sweep_folders_into(*out, *shards);
    std::printf("merged %zu shards (%d vectors) into %s\n", shards->size(), merged.data.vectors.count, out->c_str());
  });
}

RBMDYN_REGISTER_COMMAND(95, add_merge_command);

}  // namespace
}  // namespace rbmdyn::cli
