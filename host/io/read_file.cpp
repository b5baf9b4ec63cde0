#include "host/io/read_file.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>

#include "host/core/error.hpp"

namespace rbmdyn {
namespace {

enum class OnLimit { stop, fail };

// Inflates `gz` into at most `limit` bytes. At the limit: stop (return what is there), or fail when
// more output follows. Members are inflated one after another, as gunzip does.
std::vector<uint8_t> inflate_gzip(const std::vector<uint8_t>& gz, const std::string& source, std::size_t limit,
                                  OnLimit on_limit) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) fail("zlib: inflateInit2 failed for " + source);
  auto give_up = [&](const std::string& why) {
    inflateEnd(&zs);
    fail_input(source + ": " + why);
  };
  std::vector<uint8_t> out;
  out.reserve(std::min(limit, gz.size() * 8));  // typical ratios are below 8; grows beyond if needed
  std::size_t in_used = 0;
  uint8_t chunk[1 << 16];
  int rc = Z_OK;
  while (in_used < gz.size() || rc != Z_STREAM_END) {
    if (rc == Z_STREAM_END) {  // another member follows, or trailing garbage
      if (gz.size() - in_used < 2 || gz[in_used] != 0x1f || gz[in_used + 1] != 0x8b)
        give_up(std::to_string(gz.size() - in_used) + " unexpected bytes after the end of the gzip stream");
      inflateReset(&zs);
    }
    const std::size_t avail = std::min<std::size_t>(gz.size() - in_used, std::numeric_limits<uInt>::max());
    zs.next_in = const_cast<Bytef*>(gz.data() + in_used);
    zs.avail_in = static_cast<uInt>(avail);
    zs.next_out = chunk;
    zs.avail_out = sizeof chunk;
    rc = inflate(&zs, Z_NO_FLUSH);
    in_used += avail - zs.avail_in;
    if (rc != Z_OK && rc != Z_STREAM_END)
      give_up(rc == Z_BUF_ERROR ? std::string("truncated gzip stream")
                                : std::string("corrupt gzip data (") + (zs.msg ? zs.msg : "zlib error") + ")");
    const std::size_t produced = sizeof chunk - zs.avail_out;
    if (out.size() + produced > limit) {
      if (on_limit == OnLimit::stop) {
        out.insert(out.end(), chunk, chunk + (limit - out.size()));
        break;
      }
      give_up("decompresses to more than " + std::to_string(limit) + " bytes, the size its content must have");
    }
    out.insert(out.end(), chunk, chunk + produced);
    if (on_limit == OnLimit::stop && out.size() == limit) break;
  }
  inflateEnd(&zs);
  return out;
}

}  // namespace

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

bool is_gzip(const std::vector<uint8_t>& bytes) { return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b; }

std::vector<uint8_t> gunzip_head(const std::vector<uint8_t>& gz, const std::string& source, std::size_t n) {
  return inflate_gzip(gz, source, n, OnLimit::stop);
}

std::vector<uint8_t> gunzip_bounded(const std::vector<uint8_t>& gz, const std::string& source, std::size_t max_bytes) {
  return inflate_gzip(gz, source, max_bytes, OnLimit::fail);
}

}  // namespace rbmdyn
