#include "host/io/image_grid.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "host/core/error.hpp"
#include "host/io/bitmap_font.hpp"
#include "host/io/png.hpp"

namespace rbmdyn {

GrayImage render_image_grid(const float* images, const GridLayout& g) {
  RBMDYN_CHECK(g.rows > 0 && g.cols > 0 && g.height > 0 && g.width > 0 && g.pad >= 0, "bad grid layout");
  constexpr uint8_t kGrey = 128;
  GrayImage out;
  out.width = g.cols * g.width + (g.cols + 1) * g.pad;
  out.height = g.rows * g.height + (g.rows + 1) * g.pad;
  out.pixels.assign(static_cast<std::size_t>(out.width) * out.height, kGrey);
  for (int r = 0; r < g.rows; ++r)
    for (int c = 0; c < g.cols; ++c) {
      const float* img = images + static_cast<std::size_t>(r * g.cols + c) * g.height * g.width;
      const int top = g.pad + r * (g.height + g.pad);
      const int left = g.pad + c * (g.width + g.pad);
      for (int y = 0; y < g.height; ++y)
        for (int x = 0; x < g.width; ++x) {
          float v = img[y * g.width + x];
          uint8_t px = kGrey;
          if (!std::isnan(v)) {
            v = v < 0.0f ? 0.0f : (v > 1.0f ? 1.0f : v);
            if (g.invert) v = 1.0f - v;
            px = static_cast<uint8_t>(std::lround(v * 255.0f));
          }
          out.pixels[static_cast<std::size_t>(top + y) * out.width + left + x] = px;
        }
    }
  return out;
}

void write_image_grid_png(const std::filesystem::path& path, const float* images, const GridLayout& g) {
  const GrayImage img = render_image_grid(images, g);
  write_png_gray(path, img.width, img.height, img.pixels);
}

GrayImage render_labelled_grid(const float* images, const GridLayout& g, const GridLabels& labels, int* grid_left,
                               int* grid_top) {
  const GrayImage grid = render_image_grid(images, g);
  constexpr int kMargin = 4, kLine = kGlyphHeight + 3;
  const int group = std::max(1, labels.col_group);
  const int group_width = group * (g.width + g.pad);
  int row_label_width = 0, col_label_width = 0;
  for (const std::string& s : labels.row_labels) row_label_width = std::max(row_label_width, text_width(s));
  for (const std::string& s : labels.col_labels) col_label_width = std::max(col_label_width, text_width(s));
  const bool stagger = col_label_width > group_width - 2;  // too wide: alternate between two lines
  const int left = kMargin + (row_label_width > 0 ? row_label_width + 4 : 0);
  int top = kMargin;
  for (const std::string* s : {&labels.title, &labels.legend})
    if (!s->empty()) top += kLine;
  const int col_label_top = top;
  if (!labels.col_labels.empty()) top += kLine * (stagger ? 2 : 1);

  GrayImage out;
  out.width = std::max({left + grid.width + kMargin, kMargin + text_width(labels.title) + kMargin,
                        kMargin + text_width(labels.legend) + kMargin});
  out.height = top + grid.height + kMargin;
  out.pixels.assign(static_cast<std::size_t>(out.width) * out.height, 255);
  for (int y = 0; y < grid.height; ++y)
    std::copy_n(grid.pixels.begin() + static_cast<std::ptrdiff_t>(y) * grid.width, grid.width,
                out.pixels.begin() + static_cast<std::ptrdiff_t>(top + y) * out.width + left);

  int line_top = kMargin;
  for (const std::string* s : {&labels.title, &labels.legend})
    if (!s->empty()) {
      draw_text(out.pixels, out.width, out.height, kMargin, line_top, *s);
      line_top += kLine;
    }
  for (std::size_t i = 0; i < labels.col_labels.size(); ++i) {
    const int center = left + g.pad + static_cast<int>(i) * group_width + (group_width - g.pad) / 2;
    const int y = col_label_top + (stagger && i % 2 == 1 ? kLine : 0);
    draw_text(out.pixels, out.width, out.height, center - text_width(labels.col_labels[i]) / 2, y,
              labels.col_labels[i]);
  }
  for (std::size_t r = 0; r < labels.row_labels.size(); ++r) {
    const int y = top + g.pad + static_cast<int>(r) * (g.height + g.pad) + (g.height - kGlyphHeight) / 2;
    draw_text(out.pixels, out.width, out.height, left - 4 - text_width(labels.row_labels[r]), y, labels.row_labels[r]);
  }
  if (grid_left) *grid_left = left;
  if (grid_top) *grid_top = top;
  return out;
}

void write_labelled_grid_png(const std::filesystem::path& path, const float* images, const GridLayout& layout,
                             const GridLabels& labels) {
  const GrayImage img = render_labelled_grid(images, layout, labels);
  write_png_gray(path, img.width, img.height, img.pixels);
}

}  // namespace rbmdyn
