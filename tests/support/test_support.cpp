#include "tests/support/test_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>

#include "host/runtime/device.hpp"

namespace rbmdyn::test {
namespace fs = std::filesystem;

namespace {
struct TempRoot {
  fs::path root;
  TempRoot() {
    root = fs::temp_directory_path() / ("rbmdyn-test-" + std::to_string(::getpid()));
    fs::create_directories(root);
  }
  ~TempRoot() {
    std::error_code ec;
    if (!std::getenv("RBMDYN_KEEP_TEST_FILES")) fs::remove_all(root, ec);
  }
};
}  // namespace

fs::path temp_dir() {
  static TempRoot root;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "global";
  std::replace(name.begin(), name.end(), '/', '_');
  fs::path dir = root.root / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

fs::path mnist_dir() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("RBMDYN_MNIST"); env && *env) candidates.emplace_back(env);
  candidates.emplace_back(RBMDYN_TEST_MNIST_DIR);
  for (const fs::path& dir : candidates) {
    std::error_code ec;
    if (fs::exists(dir / "train-images-idx3-ubyte.gz", ec) || fs::exists(dir / "train-images-idx3-ubyte", ec))
      return dir;
  }
  return {};
}

void write_bytes(const fs::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

double max_abs_diff(const std::vector<float>& a, const std::vector<float>& b) {
  EXPECT_EQ(a.size(), b.size());
  double m = 0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    m = std::max(m, std::abs(static_cast<double>(a[i]) - static_cast<double>(b[i])));
  return m;
}

std::string gpu_skip_reason() { return cuda_unavailable_reason(); }

}  // namespace rbmdyn::test
