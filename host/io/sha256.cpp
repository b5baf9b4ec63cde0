#include "host/io/sha256.hpp"

#include <openssl/evp.h>

#include "host/core/error.hpp"
#include "host/io/read_file.hpp"

namespace rbmdyn {

std::string sha256_hex(const uint8_t* data, std::size_t size) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data, size, digest, &length, EVP_sha256(), nullptr) != 1) fail("OpenSSL: SHA-256 failed");
  static const char* hex = "0123456789abcdef";
  std::string text;
  text.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    text.push_back(hex[digest[i] >> 4]);
    text.push_back(hex[digest[i] & 15]);
  }
  return text;
}

std::string sha256_file_hex(const std::filesystem::path& path) {
  const std::vector<uint8_t> bytes = read_file_bytes(path);
  return sha256_hex(bytes.data(), bytes.size());
}

}  // namespace rbmdyn
