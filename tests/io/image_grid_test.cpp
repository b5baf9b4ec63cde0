// Labelled sample grids (host/io/image_grid.hpp) and the 5×7 label font (host/io/bitmap_font.hpp):
// glyph pixels counted from the glyph pictures, labels land in their bands, the grid is copied intact.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "host/io/bitmap_font.hpp"
#include "host/io/image_grid.hpp"

namespace rbmdyn {
namespace {

int ink_in(const GrayImage& img, int x0, int y0, int x1, int y1) {  // black pixels in [x0, x1) × [y0, y1)
  int n = 0;
  for (int y = std::max(0, y0); y < std::min(img.height, y1); ++y)
    for (int x = std::max(0, x0); x < std::min(img.width, x1); ++x)
      n += img.pixels[static_cast<std::size_t>(y) * img.width + x] == 0 ? 1 : 0;
  return n;
}

GrayImage text_image(const std::string& text) {
  GrayImage img{text_width(text), kGlyphHeight, {}};
  img.pixels.assign(static_cast<std::size_t>(img.width) * img.height, 255);
  draw_text(img.pixels, img.width, img.height, 0, 0, text);
  return img;
}

TEST(BitmapFont, GlyphsDrawTheirPictures) {
  EXPECT_EQ(text_width("step 1"), 35);  // 6 characters × 6 px − the trailing gap
  EXPECT_EQ(text_width(""), 0);
  // "1":  ..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.  → 10 pixels; "8": 3+2+2+3+2+2+3 = 17.
  EXPECT_EQ(ink_in(text_image("1"), 0, 0, 5, 7), 10);
  EXPECT_EQ(ink_in(text_image("8"), 0, 0, 5, 7), 17);
  EXPECT_EQ(ink_in(text_image("-"), 0, 0, 5, 7), 5);
  EXPECT_EQ(text_image("a").pixels, text_image("A").pixels);  // upper case draws lower case
  EXPECT_EQ(ink_in(text_image("~"), 0, 0, 5, 7), 20);         // no glyph: an empty box, never nothing
  const GrayImage two = text_image("11");
  EXPECT_EQ(ink_in(two, 5, 0, 6, 7), 0);  // the gap column between characters
  EXPECT_EQ(ink_in(two, 6, 0, 11, 7), 10);
  for (char c : std::string("0123456789abcdefghijklmnopqrstuvwxyz-/{},:().=+%"))
    EXPECT_NE(text_image(std::string(1, c)).pixels, text_image("~").pixels) << c;  // every listed glyph exists
}

TEST(ImageGrid, LabelsLandInTheirBandsAndTheGridIsIntact) {
  GridLayout g;
  g.rows = 2;
  g.cols = 4;
  g.height = g.width = 10;
  std::vector<float> cells(static_cast<std::size_t>(g.rows * g.cols * 100), 0.5f);
  const GrayImage bare = render_image_grid(cells.data(), g);
  GridLabels labels;
  labels.title = "title";
  labels.legend = "legend line";
  labels.row_labels = {"step 1", "step 100"};
  labels.col_labels = {"3-6", "6-9"};
  labels.col_group = 2;
  int left = 0, top = 0;
  const GrayImage img = render_labelled_grid(cells.data(), g, labels, &left, &top);
  EXPECT_EQ(left, 4 + text_width("step 100") + 4);
  EXPECT_EQ(top, 4 + 3 * 10);  // title, legend, one line of column labels
  EXPECT_EQ(img.height, top + bare.height + 4);
  for (int y = 0; y < bare.height; ++y)
    ASSERT_TRUE(std::equal(bare.pixels.begin() + y * bare.width, bare.pixels.begin() + (y + 1) * bare.width,
                           img.pixels.begin() + (top + y) * img.width + left))
        << y;
  EXPECT_GT(ink_in(img, 4, 4, 4 + text_width("title"), 11), 10);         // title
  EXPECT_GT(ink_in(img, 4, 14, 4 + text_width("legend line"), 21), 20);  // legend
  const int group = 2 * (10 + 2);
  for (int i = 0; i < 2; ++i)  // column labels above their groups
    EXPECT_GT(ink_in(img, left + i * group, 24, left + (i + 1) * group, 31), 10) << i;
  for (int r = 0; r < 2; ++r)  // row labels left of their rows
    EXPECT_GT(ink_in(img, 0, top + 2 + r * 12, left, top + 2 + r * 12 + 10), 15) << r;
  EXPECT_EQ(ink_in(img, left, 0, img.width, top) + ink_in(img, 0, 0, left, img.height),
            ink_in(img, 0, 0, img.width, img.height));  // no ink anywhere else (the grid is grey, not black)
}

TEST(ImageGrid, WideColumnLabelsAlternateBetweenTwoLines) {
  GridLayout g;
  g.rows = 1;
  g.cols = 3;
  g.height = g.width = 6;
  std::vector<float> cells(3 * 36, 1.0f);
  GridLabels labels;
  labels.col_labels = {"digit 1", "digit 2", "digit 3"};  // 41 px over 8-px columns
  int top = 0;
  const GrayImage img = render_labelled_grid(cells.data(), g, labels, nullptr, &top);
  EXPECT_EQ(top, 4 + 2 * 10);
  EXPECT_GT(ink_in(img, 0, 4, img.width, 11), 0);   // labels 1 and 3
  EXPECT_GT(ink_in(img, 0, 14, img.width, 21), 0);  // label 2
}

}  // namespace
}  // namespace rbmdyn
