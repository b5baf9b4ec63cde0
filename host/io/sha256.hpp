#pragma once
// SHA-256 of a byte range, as lower-case hex (OpenSSL's implementation).
#include <cstddef>
#include <cstdint>
#include <string>

namespace rbmdyn {
std::string sha256_hex(const uint8_t* data, std::size_t size);
}
