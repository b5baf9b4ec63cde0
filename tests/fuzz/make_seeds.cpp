// Writes the seed corpus of every fuzz target: <out>/<target>/seed-<i>, valid inputs made by the
// project's own writers (tests/fuzz/fixtures.hpp). Run at build time; nothing large is committed.
//   rbmdyn_fuzz_seeds OUT_DIR
#include <cstdio>
#include <filesystem>

#include "tests/fuzz/fuzz_support.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
    return 2;
  }
  namespace fs = std::filesystem;
  for (const rbmdyn::fuzz::Target& t : rbmdyn::fuzz::registry()) {
    const fs::path dir = fs::path(argv[1]) / t.name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    const auto seeds = t.seeds();
    for (std::size_t i = 0; i < seeds.size(); ++i)
      rbmdyn::fuzz::write_file(dir / ("seed-" + std::to_string(i)), seeds[i]);
    std::printf("%-22s %zu seeds\n", t.name, seeds.size());
  }
  return 0;
}
