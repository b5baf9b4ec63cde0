#include "host/io/image_grid.hpp"

#include <cmath>
#include <vector>

#include "host/core/error.hpp"
#include "host/io/png.hpp"

namespace rbmdyn {

void write_image_grid_png(const std::filesystem::path& path, const float* images, const GridLayout& g) {
  RBMDYN_CHECK(g.rows > 0 && g.cols > 0 && g.height > 0 && g.width > 0 && g.pad >= 0, "bad grid layout");
  const int out_w = g.cols * g.width + (g.cols + 1) * g.pad;
  const int out_h = g.rows * g.height + (g.rows + 1) * g.pad;
  constexpr uint8_t kGrey = 128;
  std::vector<uint8_t> pixels(static_cast<std::size_t>(out_w) * out_h, kGrey);
  for (int r = 0; r < g.rows; ++r)
    for (int c = 0; c < g.cols; ++c) {
      const float* img = images + static_cast<std::size_t>(r * g.cols + c) * g.height * g.width;
      const int top = g.pad + r * (g.height + g.pad);
      const int left = g.pad + c * (g.width + g.pad);
      for (int y = 0; y < g.height; ++y)
        for (int x = 0; x < g.width; ++x) {
          float v = img[y * g.width + x];
          uint8_t out = kGrey;
          if (!std::isnan(v)) {
            v = v < 0.0f ? 0.0f : (v > 1.0f ? 1.0f : v);
            if (g.invert) v = 1.0f - v;
            out = static_cast<uint8_t>(std::lround(v * 255.0f));
          }
          pixels[static_cast<std::size_t>(top + y) * out_w + left + x] = out;
        }
    }
  write_png_gray(path, out_w, out_h, pixels);
}

}  // namespace rbmdyn
