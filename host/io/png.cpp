#include "host/io/png.hpp"

#include <png.h>

#include <string>

#include "host/core/error.hpp"
#include "host/io/atomic_file.hpp"

namespace rbmdyn {
namespace {
void write_to_ostream(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<std::ostream*>(png_get_io_ptr(png));
  out->write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(length));
}
void flush_ostream(png_structp png) { static_cast<std::ostream*>(png_get_io_ptr(png))->flush(); }
}  // namespace

void write_png_gray(const std::filesystem::path& path, int width, int height, const std::vector<uint8_t>& pixels) {
  RBMDYN_CHECK(width > 0 && height > 0 && pixels.size() == static_cast<std::size_t>(width) * height,
               "PNG size does not match its pixel buffer for " + path.string());
  write_file_atomically(path, [&](std::ostream& out) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!png || !info) {
      png_destroy_write_struct(&png, &info);
      fail("libpng: cannot create a writer for " + path.string());
    }
    if (setjmp(png_jmpbuf(png))) {
      png_destroy_write_struct(&png, &info);
      fail("libpng: failed writing " + path.string());
    }
    png_set_write_fn(png, &out, write_to_ostream, flush_ostream);
    png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8, PNG_COLOR_TYPE_GRAY,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int r = 0; r < height; ++r)
      png_write_row(png, const_cast<png_bytep>(pixels.data() + static_cast<std::size_t>(r) * width));
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
  });
}

}  // namespace rbmdyn
