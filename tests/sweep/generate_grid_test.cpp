// `rbmdyn generate` writes labelled sample grids: the PNG has the label margins around the grid
// (title, legend, column labels, row labels), ink in those bands, and the grid cells hold the kept
// visible states at the expected places (read back with libpng).
#include <gtest/gtest.h>
#include <png.h>

#include <cmath>
#include <vector>

#include "host/biasing/biasing_set.hpp"
#include "host/io/bitmap_font.hpp"
#include "host/io/npy.hpp"
#include "host/rbm/rbm_model.hpp"
#include "host/sweep/generate.hpp"
#include "tests/support/test_support.hpp"
#include "tests/sweep/sweep_fixture.hpp"

namespace rbmdyn {
namespace {
namespace fs = std::filesystem;

struct Png {
  int width = 0, height = 0;
  std::vector<uint8_t> gray;
  int at(int x, int y) const { return gray[static_cast<std::size_t>(y) * width + x]; }
  int ink(int x0, int y0, int x1, int y1) const {
    int n = 0;
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) n += at(x, y) == 0 ? 1 : 0;
    return n;
  }
};

Png read_png(const fs::path& path) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  Png out;
  if (!png_image_begin_read_from_file(&image, path.c_str())) return out;
  image.format = PNG_FORMAT_GRAY;
  out.gray.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, out.gray.data(), 0, nullptr)) return out;
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  return out;
}

TEST(GenerateGrids, AreLabelledAndHoldTheKeptStates) {
  const fs::path dir = test::temp_dir();
  save_rbm(dir / "rbm.safetensors", test::small_rbm());
  save_biasing_set(dir / "biasing", test::small_biasing(), {});
  GenerateJob job;
  job.rbm = dir / "rbm.safetensors";
  job.biasing = dir / "biasing";
  job.out = dir / "gen";
  job.set = VectorSet::all;
  job.chains = 2;
  job.steps = 6;  // figure steps that exist: 1..5, and the last, 6
  job.progress = false;
  generate_chains(job);

  const Png png = read_png(job.out / "grid_intersection.png");
  ASSERT_GT(png.width, 0) << "grid_intersection.png unreadable";
  // 45 pair columns and 6 step rows of 28-px cells with 2-px gaps; left margin = 4 + "step 6" + 4;
  // top = 4 + title + legend + one line of column labels ("0-1" fits its column), bottom margin 4.
  const int left = 4 + text_width("step 6") + 4, top = 4 + 3 * 10;
  const int grid_w = 45 * 30 + 2, grid_h = 6 * 30 + 2;
  EXPECT_EQ(png.width, left + grid_w + 4);
  EXPECT_EQ(png.height, top + grid_h + 4);
  EXPECT_GT(png.ink(4, 4, png.width, 11), 50);                    // title
  EXPECT_GT(png.ink(4, 14, png.width, 21), 50);                   // legend
  EXPECT_GT(png.ink(left, 24, left + 30, 31), 8);                 // "0-1" above the first column
  EXPECT_GT(png.ink(left + 44 * 30, 24, left + 45 * 30, 31), 8);  // "8-9" above the last
  for (int r = 0; r < 6; ++r) EXPECT_GT(png.ink(0, top + 2 + 30 * r, left, top + 30 * (r + 1)), 15) << r;

  // Cell (row 2 = step 3, column 4 = pair 0-5): its pixels are the kept visible state of intersection
  // vector 4 (global 14), chain 0, kept step index 2, scaled to 0..255.
  std::vector<int64_t> shape;
  const std::vector<float> visible = load_npy<float>(job.out / "visible.npy", &shape);
  ASSERT_EQ(shape, (std::vector<int64_t>{100, 2, 6, 784}));
  const float* cell = visible.data() + ((14 * 2 + 0) * 6 + 2) * 784;
  for (int p : {0, 300, 406, 783}) {
    const int x = left + 2 + 4 * 30 + p % 28, y = top + 2 + 2 * 30 + p / 28;
    EXPECT_EQ(png.at(x, y), static_cast<int>(std::lround(cell[p] * 255.0f))) << p;
  }
}

}  // namespace
}  // namespace rbmdyn
