#pragma once
// Sample grids as PNG: images laid out in a rows × cols grid (cell (r, c) shows image r·cols + c),
// values in [0, 1] mapped to 0..255 (clamped), separated by `pad` pixels of mid grey.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

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

// What a grid shows, drawn around it in black on white (host/io/bitmap_font.hpp): a title line, a
// legend line, a label left of each row, and a label above each group of `col_group` adjacent columns
// (e.g. the chains of one biasing vector). Labels wider than their group alternate between two lines.
struct GridLabels {
  std::string title;
  std::string legend;
  std::vector<std::string> row_labels;  // rows entries, or empty
  std::vector<std::string> col_labels;  // cols / col_group entries, or empty
  int col_group = 1;
};

struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // height × width, row-major, 0 = black
};

// The bare grid as pixels (what write_image_grid_png writes).
GrayImage render_image_grid(const float* images, const GridLayout& layout);

// The grid with its labels; the grid's top-left corner lands at (grid_left, grid_top) when given.
GrayImage render_labelled_grid(const float* images, const GridLayout& layout, const GridLabels& labels,
                               int* grid_left = nullptr, int* grid_top = nullptr);

void write_labelled_grid_png(const std::filesystem::path& path, const float* images, const GridLayout& layout,
                             const GridLabels& labels);

}  // namespace rbmdyn
