#pragma once
// MNIST in the standard IDX format (LeCun et al.), gzip-compressed or not.
//
// Every file is validated: magic number (0x803 images, 0x801 labels), 28×28 dimensions, byte count
// equal to the header's (truncation and trailing bytes are errors), labels in 0..9, equal image and
// label counts. Each file's sha256 is compared with the official one (as published with the mirrors);
// an unknown copy is reported as a warning, not an error, since the contents were validated.
//
// Where the files may be: directly in the folder, or in its `MNIST/raw/` (torchvision's layout, root
// = the folder) or `raw/`; gzip-compressed or not.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "host/core/study.hpp"

namespace rbmdyn {

inline constexpr int kMnistSide = 28;
inline constexpr int kMnistPixels = kMnistSide * kMnistSide;  // 784

struct MnistSplit {
  std::vector<uint8_t> pixels;  // [count, 784], row-major, 0 = background
  std::vector<uint8_t> labels;  // [count], 0..9
  int64_t count() const { return static_cast<int64_t>(labels.size()); }
  std::array<int64_t, kNumDigits> class_counts() const;
  // x = pixel / 255 as float32 in [0, 1] (docs/method.md §1.1), [count, 784]; rows [first, first + n).
  std::vector<float> to_unit_float(int64_t first = 0, int64_t n = -1) const;
};

enum class ChecksumStatus { official, unknown };

struct MnistFileInfo {
  std::filesystem::path path;
  std::string sha256;
  ChecksumStatus status = ChecksumStatus::unknown;
  bool gzip = false;
};

struct MnistSet {
  MnistSplit split;
  MnistFileInfo images, labels;
};

// Loads "train" or "test" from `dir` (or its MNIST/raw/ or raw/), looking for
// `<name>-images-idx3-ubyte[.gz]` and `<name>-labels-idx1-ubyte[.gz]` (`t10k` for the test set).
MnistSet load_mnist(const std::filesystem::path& dir, const std::string& split);

// The MNIST folder to use: `option` if given, else $RBMDYN_MNIST, else the default data folder when
// it holds MNIST, else an InputError saying in two lines how to give one or fetch it. Checks that the
// folder exists.
std::filesystem::path resolve_mnist_dir(const std::optional<std::string>& option);

// The default data folder every command looks in: $XDG_DATA_HOME/rbmdyn/mnist, else
// ~/.local/share/rbmdyn/mnist (empty path when neither variable is set).
std::filesystem::path default_mnist_dir();

// The official sha256 of an MNIST file name as distributed (".gz" or decompressed); "" if unknown.
std::string official_mnist_sha256(const std::string& name);

// Parsing of one IDX buffer (decompressed); `source` names the file in errors. Exposed for tests.
enum class IdxKind { images, labels };
// The whole file's size in bytes as its header states it (16 + n·784 for images, 8 + n for labels),
// after checking the magic and, for images, 28×28; `bytes` needs to hold only the header.
uint64_t idx_expected_size(const std::vector<uint8_t>& bytes, const std::string& source, IdxKind kind);
// The IDX content of `raw` (read from `source`): inflated when gzip-compressed, reading the header
// first and never inflating more than the size it promises (a gzip bomb stops there).
std::vector<uint8_t> decompress_idx(const std::vector<uint8_t>& raw, const std::string& source, IdxKind kind);
std::vector<uint8_t> parse_idx_images(const std::vector<uint8_t>& bytes, const std::string& source, int64_t* count);
std::vector<uint8_t> parse_idx_labels(const std::vector<uint8_t>& bytes, const std::string& source);

}  // namespace rbmdyn
