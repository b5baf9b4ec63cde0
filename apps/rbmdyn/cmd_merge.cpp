// rbmdyn merge: combine the shard folders of one sweep into the folder an unsharded run writes.
#include <cstdio>

#include "apps/rbmdyn/commands.hpp"
#include "host/sweep/merge.hpp"
#include "host/sweep/sweep_analysis.hpp"

namespace rbmdyn::cli {
namespace {

void add_merge_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("merge", "Combine `sweep --shard i/n` folders into one sweep folder");
  auto out = std::make_shared<std::string>();
  auto shards = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--out", *out, "Output folder")->required();
  cmd->add_option("shards", *shards, "Shard folders (any order)")->required();
  cmd->callback([out, shards]() {
    std::vector<std::filesystem::path> dirs(shards->begin(), shards->end());
    SweepFolder merged = merge_sweep_folders(dirs);
    const SweepAnalysis analysis = analyze_sweep(merged.data);
    write_sweep_folder(*out, merged.data, analysis, merged.biasing, merged.record);
    std::printf("merged %zu shards (%d vectors) into %s\n", dirs.size(), merged.data.vectors.count, out->c_str());
  });
}

RBMDYN_REGISTER_COMMAND(95, add_merge_command);

}  // namespace
}  // namespace rbmdyn::cli
