#include "tests/fuzz/fuzz_support.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

namespace rbmdyn::fuzz {
namespace fs = std::filesystem;

namespace {

struct ScratchRoot {
  fs::path root;
  ScratchRoot() {
    std::error_code ec;
    const fs::path base = fs::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0
                              ? fs::path("/dev/shm")
                              : fs::temp_directory_path();
    root = base / ("rbmdyn-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(root, ec);
    fs::create_directories(root);
  }
  ~ScratchRoot() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
};

}  // namespace

std::vector<Target>& registry() {
  static std::vector<Target> targets;
  return targets;
}

fs::path scratch_dir(const std::string& name) {
  static ScratchRoot scratch;
  const fs::path dir = scratch.root / name;
  fs::create_directories(dir);
  return dir;
}

void write_file(const fs::path& path, const uint8_t* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) {
    std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
}

void write_file(const fs::path& path, const Bytes& bytes) { write_file(path, bytes.data(), bytes.size()); }

Bytes read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void unnamed_error(const std::string& what, const std::string& must_name) {
  std::fprintf(stderr, "fuzz: an InputError does not name the input (%s):\n  %s\n", must_name.c_str(), what.c_str());
  std::abort();
}

Selected select(const uint8_t* data, std::size_t size, std::size_t choices) {
  if (size == 0) return {0, data, 0};
  return {data[0] % choices, data + 1, size - 1};
}

Bytes with_selector(std::size_t choice, const Bytes& content) {
  Bytes out{static_cast<uint8_t>(choice)};
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

FolderUnderTest::FolderUnderTest(fs::path dir, std::vector<std::string> files)
    : dir_(std::move(dir)), files_(std::move(files)) {
  for (const std::string& f : files_) originals_.push_back(read_file(dir_ / f));
}

std::vector<Bytes> FolderUnderTest::seeds() const {
  std::vector<Bytes> out;
  for (std::size_t i = 0; i < files_.size(); ++i) out.push_back(with_selector(i, originals_[i]));
  return out;
}

}  // namespace rbmdyn::fuzz
