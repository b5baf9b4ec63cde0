#pragma once
// Helpers shared by the test suites: temporary folders, the MNIST location, GPU skipping, and simple
// comparisons with a stated tolerance.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace rbmdyn::test {

// A fresh, empty folder under the system temp dir, unique to the running test; removed at exit
// unless RBMDYN_KEEP_TEST_FILES is set.
std::filesystem::path temp_dir();

// The MNIST folder for end-to-end tests ($RBMDYN_MNIST, else ../shared/data/mnist), or "" if absent.
std::filesystem::path mnist_dir();

// Writes bytes to a file (for hand-made corrupt inputs).
void write_bytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes);

// max |a - b| over equally sized vectors.
double max_abs_diff(const std::vector<float>& a, const std::vector<float>& b);

// Reason no CUDA device can be used here, or "" when one can.
std::string gpu_skip_reason();

}  // namespace rbmdyn::test

// In a test body: skip, naming the reason, when no CUDA device is usable.
#define RBMDYN_REQUIRE_GPU()                                                  \
  do {                                                                        \
    const std::string rbmdyn_why_ = ::rbmdyn::test::gpu_skip_reason();        \
    if (!rbmdyn_why_.empty()) GTEST_SKIP() << "no CUDA device: " << rbmdyn_why_; \
  } while (0)

// In a test body: the MNIST folder, or a skip (a failure when RBMDYN_REQUIRE_MNIST=1, as in CI).
#define RBMDYN_REQUIRE_MNIST(dir_var)                                                              \
  const std::filesystem::path dir_var = ::rbmdyn::test::mnist_dir();                               \
  do {                                                                                             \
    if (dir_var.empty()) {                                                                         \
      const char* req_ = std::getenv("RBMDYN_REQUIRE_MNIST");                                      \
      if (req_ && std::string(req_) == "1") FAIL() << "MNIST not found (RBMDYN_REQUIRE_MNIST=1)";  \
      GTEST_SKIP() << "MNIST not found: set RBMDYN_MNIST or put it at ../shared/data/mnist";       \
    }                                                                                              \
  } while (0)
