#include <cstdio>

#include "host/core/cuda_check.hpp"

namespace rbmdyn::detail {

static std::string describe(const char* call, const char* library, const std::string& message,
                            const char* file, int line) {
  return std::string(library) + " error in " + call + ": " + message + " (" + file + ":" +
         std::to_string(line) + ")";
}

void throw_cuda_error(const char* call, const char* library, const std::string& message,
                      const char* file, int line) {
  throw Error(describe(call, library, message, file, line));
}

void print_cuda_error(const char* call, const char* library, const std::string& message,
                      const char* file, int line) {
  std::fprintf(stderr, "rbmdyn: %s\n", describe(call, library, message, file, line).c_str());
}

}  // namespace rbmdyn::detail
