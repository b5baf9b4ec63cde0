#pragma once
// 8-bit greyscale PNG output (libpng), written atomically.
#include <cstdint>
#include <filesystem>
#include <vector>

namespace rbmdyn {

// `pixels` is height × width, row-major, 0 = black.
void write_png_gray(const std::filesystem::path& path, int width, int height, const std::vector<uint8_t>& pixels);

}  // namespace rbmdyn
