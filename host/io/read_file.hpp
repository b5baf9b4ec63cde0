#pragma once
// Whole-file reads with errors that name the file.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rbmdyn {

// Reads the file's bytes; throws InputError naming the file when it is missing or unreadable.
std::vector<uint8_t> read_file_bytes(const std::filesystem::path& path);

// Reads a possibly gzip-compressed file (detected by its magic bytes, not its name) and returns the
// decompressed bytes. A truncated or corrupt gzip stream is an InputError naming the file.
std::vector<uint8_t> read_maybe_gzip(const std::filesystem::path& path);

// The same for bytes already read from `source` (returned unchanged when not gzip-compressed).
std::vector<uint8_t> gunzip_if_compressed(std::vector<uint8_t> raw, const std::string& source);

}  // namespace rbmdyn
