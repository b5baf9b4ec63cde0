#pragma once
// SHA-256 of a byte range, as lower-case hex (OpenSSL's implementation).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace rbmdyn {
std::string sha256_hex(const uint8_t* data, std::size_t size);

// SHA-256 of a file's bytes; InputError naming the file when it cannot be read.
std::string sha256_file_hex(const std::filesystem::path& path);
}
