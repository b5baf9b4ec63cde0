#pragma once
// Sample grids as PNG: images laid out in a rows × cols grid (cell (r, c) shows image r·cols + c),
// values in [0, 1] mapped to 0..255 (clamped), separated by `pad` pixels of mid grey.
#include <cstdint>
#include <filesystem>

namespace rbmdyn {

struct GridLayout {
  int rows = 1;
  int cols = 1;
  int height = 28;  // of one image
  int width = 28;
  int pad = 2;
  bool invert = false;  // true: 1 → black (ink on paper)
};

// `images` holds rows·cols images of height·width floats, row-major; a NaN pixel draws mid grey
// (use it for empty cells).
void write_image_grid_png(const std::filesystem::path& path, const float* images, const GridLayout& layout);

}  // namespace rbmdyn
