// Shard folders as `rbmdyn merge` reads them: two valid shards (0/2, 1/2) of a tiny sweep; the first
// input byte chooses the shard and which of the files read_sweep_folder reads (config.json, the raw
// arrays, the biasing folder) the rest replaces. Accepted inputs are also merged and analysed, as the
// command does next.
#include "host/sweep/merge.hpp"
#include "host/sweep/sweep_analysis.hpp"
#include "tests/fuzz/fixtures.hpp"

namespace rbmdyn::fuzz {
namespace {
const std::filesystem::path& root() {
  static const std::filesystem::path dir = [] {
    const auto d = scratch_dir("sweep_merge");
    write_tiny_shards(d);
    return d;
  }();
  return dir;
}
FolderUnderTest& folder() {
  static FolderUnderTest f = [] {
    std::vector<std::string> files;
    for (const char* shard : {"shard0/", "shard1/"})
      for (const std::string& file : sweep_folder_files()) files.push_back(shard + file);
    return FolderUnderTest(root(), files);
  }();
  return f;
}
Outcome run(const uint8_t* data, std::size_t size) {
  FolderUnderTest& f = folder();
  return f.run(
      data, size,
      [&] {
        const SweepFolder merged = merge_sweep_folders({root() / "shard1", root() / "shard0"});
        (void)analyze_sweep(merged.data);
      },
      root().string());
}
std::vector<Bytes> seeds() { return folder().seeds(); }
}  // namespace
RBMDYN_FUZZ_TARGET(sweep_merge, run, seeds);
}  // namespace rbmdyn::fuzz
