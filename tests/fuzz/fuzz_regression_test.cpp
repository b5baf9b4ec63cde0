// The fuzz targets as ordinary tests (any compiler, no libFuzzer): every target accepts the valid
// seeds its corpus starts from (so a target that rejects everything cannot pass as "no crash"), and
// replays the minimized inputs of past findings (tests/fuzz/regressions/<target>/*), which must now be
// rejected with an InputError naming the file (or accepted, for files named accept-*). Under the
// sanitizer build a finding's undefined behaviour would also be reported here.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/fuzz/fuzz_support.hpp"

namespace rbmdyn::fuzz {
namespace {
namespace fs = std::filesystem;

TEST(FuzzTargets, EveryTargetAcceptsItsSeeds) {
  ASSERT_EQ(registry().size(), 10u) << "a fuzz target is missing from the test program";
  for (const Target& t : registry()) {
    const std::vector<Bytes> seeds = t.seeds();
    EXPECT_FALSE(seeds.empty()) << t.name;
    for (std::size_t i = 0; i < seeds.size(); ++i)
      EXPECT_EQ(t.run(seeds[i].data(), seeds[i].size()), Outcome::accepted) << t.name << " seed " << i;
  }
}

TEST(FuzzTargets, RejectCorruptedSeeds) {
  // The seeds cut in half: every target must refuse them cleanly (no crash, an InputError naming
  // the file), proving the oracle sees rejections too.
  for (const Target& t : registry())
    for (const Bytes& seed : t.seeds()) {
      if (seed.size() < 8) continue;
      EXPECT_EQ(t.run(seed.data(), seed.size() / 2), Outcome::rejected) << t.name;
    }
}

TEST(FuzzTargets, ReplayMinimizedFindings) {
  const fs::path root = fs::path(RBMDYN_SOURCE_DIR) / "tests" / "fuzz" / "regressions";
  int replayed = 0;
  for (const Target& t : registry()) {
    std::error_code ec;
    if (!fs::is_directory(root / t.name, ec)) continue;
    for (const auto& entry : fs::directory_iterator(root / t.name)) {
      const Bytes input = read_file(entry.path());
      const bool accept = entry.path().filename().string().rfind("accept-", 0) == 0;
      EXPECT_EQ(t.run(input.data(), input.size()), accept ? Outcome::accepted : Outcome::rejected)
          << entry.path().string();
      ++replayed;
    }
  }
  EXPECT_GT(replayed, 0) << "no regression inputs found under " << root.string();
  RecordProperty("replayed", replayed);
}

}  // namespace
}  // namespace rbmdyn::fuzz
