#include "host/io/read_file.hpp"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "host/core/error.hpp"

namespace rbmdyn {

std::vector<uint8_t> read_file_bytes(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    fail_input(path.string() + ": no such file (or not a regular file)");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail_input(path.string() + ": cannot open: " + std::strerror(errno));
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::size_t>(in.tellg());
  in.seekg(0);
  std::vector<uint8_t> bytes(size);
  if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size)))
    fail_input(path.string() + ": read failed");
  return bytes;
}

std::vector<uint8_t> read_maybe_gzip(const std::filesystem::path& path) {
  return gunzip_if_compressed(read_file_bytes(path), path.string());
}

std::vector<uint8_t> gunzip_if_compressed(std::vector<uint8_t> raw, const std::string& source) {
  const bool gzip = raw.size() >= 2 && raw[0] == 0x1f && raw[1] == 0x8b;
  if (!gzip) return raw;

  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) fail("zlib: inflateInit2 failed for " + source);
  std::vector<uint8_t> out;
  out.reserve(raw.size() * 5);
  zs.next_in = raw.data();
  zs.avail_in = static_cast<uInt>(raw.size());
  uint8_t chunk[1 << 16];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = chunk;
    zs.avail_out = sizeof chunk;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      const std::string why = rc == Z_BUF_ERROR ? "truncated gzip stream"
                                                : std::string("corrupt gzip data (") + (zs.msg ? zs.msg : "zlib error") + ")";
      inflateEnd(&zs);
      fail_input(source + ": " + why);
    }
    out.insert(out.end(), chunk, chunk + (sizeof chunk - zs.avail_out));
  }
  inflateEnd(&zs);
  return out;
}

}  // namespace rbmdyn
