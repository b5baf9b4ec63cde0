#pragma once
// Whole-file reads with errors that name the file, and gzip decompression with a bound on its output
// (a few megabytes of gzip can inflate to gigabytes).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rbmdyn {

// Reads the file's bytes; throws InputError naming the file when it is missing or unreadable.
std::vector<uint8_t> read_file_bytes(const std::filesystem::path& path);

// True when `bytes` start with the gzip magic (1f 8b): compression is detected by content, not name.
bool is_gzip(const std::vector<uint8_t>& bytes);

// The first `n` decompressed bytes of the gzip data `gz` from `source` (fewer when it holds fewer), to
// read a header before deciding how much to inflate. A corrupt start is an InputError naming `source`.
std::vector<uint8_t> gunzip_head(const std::vector<uint8_t>& gz, const std::string& source, std::size_t n);

// All of the gzip data `gz` (one or more members, as gunzip reads them). A truncated or corrupt stream,
// bytes after it that are not another member, or more than `max_bytes` of output (the size the
// caller knows the content must have) are InputErrors naming `source`; at most `max_bytes` + 64 KiB
// is ever held.
std::vector<uint8_t> gunzip_bounded(const std::vector<uint8_t>& gz, const std::string& source, std::size_t max_bytes);

}  // namespace rbmdyn
