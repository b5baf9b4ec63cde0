// The libFuzzer entry point of one fuzz executable: it is linked with exactly one target file
// (tests/fuzz/targets/<name>.cpp), which registers itself.
#include <cstdio>
#include <cstdlib>

#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  static const rbmdyn::fuzz::Target target = [] {
    if (rbmdyn::fuzz::registry().size() != 1) {
      std::fprintf(stderr, "fuzz: expected one registered target, found %zu\n", rbmdyn::fuzz::registry().size());
      std::abort();
    }
    return rbmdyn::fuzz::registry().front();
  }();
  (void)target.run(data, size);
  return 0;
}
