// A biasing folder (`--biasing`) as load_biasing_set reads it: the first input byte chooses which of
// its six files (lb, intersection, double, pairs, overlap .npy; summary.json) the rest replaces.
#include "tests/fuzz/fixtures.hpp"

namespace rbmdyn::fuzz {
namespace {
FolderUnderTest& folder() {
  static FolderUnderTest f = [] {
    const auto dir = scratch_dir("biasing_folder") / "biasing";
    save_biasing_set(dir, tiny_biasing(6), {{"note", "fuzz seed"}});
    return FolderUnderTest(dir, biasing_folder_files());
  }();
  return f;
}
Outcome run(const uint8_t* data, std::size_t size) {
  FolderUnderTest& f = folder();
  return f.run(data, size, [&] { (void)load_biasing_set(f.dir()); }, f.dir().string());
}
std::vector<Bytes> seeds() { return folder().seeds(); }
}  // namespace
RBMDYN_FUZZ_TARGET(biasing_folder, run, seeds);
}  // namespace rbmdyn::fuzz
