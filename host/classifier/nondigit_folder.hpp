#pragma once
// `rbmdyn nondigits`: synthetic non-digits (method.md §6.2) as NPY files and a PNG grid, for inspection
// and for other tools. The classifier's trainer makes its own with the same function and seed rule.
//
// Folder: images.npy uint8 [n, 28, 28], types.npy uint8 [n] (0..9 masked digit of that class, 10
// scrambled), sources.npy int32 [n] (the MNIST training image it was made from), inputs32.npy float32
// [n, 32, 32] (the classifier's inputs), grid.png (one row per type) and nondigits.json.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace rbmdyn {

struct NondigitsJob {
  std::optional<std::string> mnist;  // default: $RBMDYN_MNIST
  std::filesystem::path out;
  int64_t n = 1100;        // non-digits (types i mod 11, permuted)
  uint64_t seed = 1;
  bool scale_255 = false;  // inputs32.npy in 0..255 as in the study's code (default [0, 1])
  int grid_cols = 10;      // examples per type in grid.png
};

// InputError naming the option or file.
void write_nondigit_folder(const NondigitsJob& job);

}  // namespace rbmdyn
