#include "host/io/sha256.hpp"

#include <openssl/evp.h>

#include "host/core/error.hpp"

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

}  // namespace rbmdyn
