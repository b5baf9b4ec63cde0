#include "host/data/mnist.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>

#include "host/core/error.hpp"
#include "host/io/read_file.hpp"
#include "host/io/sha256.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

std::string hex32(uint32_t v) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", v);
  return text;
}

uint32_t be32(const std::vector<uint8_t>& b, std::size_t at) {
  return (uint32_t{b[at]} << 24) | (uint32_t{b[at + 1]} << 16) | (uint32_t{b[at + 2]} << 8) | uint32_t{b[at + 3]};
}

// sha256 of the official files, compressed and decompressed (the values the mirrors publish).
const std::map<std::string, std::string>& official_sha256() {
  static const std::map<std::string, std::string> table = {
      {"train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"},
      {"train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"},
      {"t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"},
      {"t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"},
      {"train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"},
      {"train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"},
      {"t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"},
      {"t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"},
  };
  return table;
}

// Finds `<stem>.gz` or `<stem>` in dir, dir/MNIST/raw (torchvision) or dir/raw (also the
// `train-images.idx3-ubyte` spelling some mirrors use); an empty path when there is none.
fs::path look_for_idx_file(const fs::path& dir, const std::string& stem) {
  std::string dotted = stem;
  const auto dash = dotted.rfind("-idx");
  if (dash != std::string::npos) dotted[dash] = '.';
  for (const fs::path& folder : {dir, dir / "MNIST" / "raw", dir / "raw"})
    for (const std::string& name : {stem + ".gz", stem, dotted + ".gz", dotted}) {
      std::error_code ec;
      if (fs::is_regular_file(folder / name, ec)) return folder / name;
    }
  return {};
}

fs::path find_idx_file(const fs::path& dir, const std::string& stem) {
  fs::path found = look_for_idx_file(dir, stem);
  if (found.empty())
    fail_input("MNIST folder " + dir.string() + ": missing " + stem + ".gz (or uncompressed " + stem +
               "), looked in the folder, its MNIST/raw/ and raw/; `rbmdyn data --fetch " + dir.string() +
               "` downloads it");
  return found;
}

MnistFileInfo describe(const fs::path& path, const std::string& stem, const std::vector<uint8_t>& raw) {
  MnistFileInfo info;
  info.path = path;
  info.gzip = is_gzip(raw);
  info.sha256 = sha256_hex(raw.data(), raw.size());
  const auto& table = official_sha256();
  auto it = table.find(info.gzip ? stem + ".gz" : stem);
  info.status = it != table.end() && it->second == info.sha256 ? ChecksumStatus::official : ChecksumStatus::unknown;
  return info;
}

}  // namespace

std::array<int64_t, kNumDigits> MnistSplit::class_counts() const {
  std::array<int64_t, kNumDigits> counts{};
  for (uint8_t y : labels) ++counts[y];
  return counts;
}

std::vector<float> MnistSplit::to_unit_float(int64_t first, int64_t n) const {
  if (n < 0) n = count() - first;
  RBMDYN_CHECK(first >= 0 && first + n <= count(), "image range out of bounds");
  std::vector<float> x(static_cast<std::size_t>(n) * kMnistPixels);
  const uint8_t* src = pixels.data() + first * kMnistPixels;
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(src[i]) / 255.0f;
  return x;
}

uint64_t idx_expected_size(const std::vector<uint8_t>& bytes, const std::string& source, IdxKind kind) {
  const bool images = kind == IdxKind::images;
  const uint32_t want = images ? 0x803 : 0x801;
  const std::size_t header = images ? 16 : 8;
  if (bytes.size() < 4) fail_input(source + ": truncated IDX header (" + std::to_string(bytes.size()) + " bytes)");
  const uint32_t magic = be32(bytes, 0);
  if (images && magic == 0x801) fail_input(source + ": this is a label file (magic 0x00000801), expected images");
  if (!images && magic == 0x803) fail_input(source + ": this is an image file (magic 0x00000803), expected labels");
  if (magic != want)
    fail_input(source + ": bad IDX magic " + hex32(magic) + ", expected " + hex32(want) + (images ? " (images)" : " (labels)"));
  if (bytes.size() < header) fail_input(source + ": truncated IDX header (" + std::to_string(bytes.size()) + " bytes)");
  const uint32_t n = be32(bytes, 4);
  if (!images) return header + uint64_t{n};
  const uint32_t rows = be32(bytes, 8), cols = be32(bytes, 12);
  if (rows != kMnistSide || cols != kMnistSide)
    fail_input(source + ": images are " + std::to_string(rows) + "x" + std::to_string(cols) + ", expected 28x28");
  return header + uint64_t{n} * kMnistPixels;
}

std::vector<uint8_t> decompress_idx(const std::vector<uint8_t>& raw, const std::string& source, IdxKind kind) {
  if (!is_gzip(raw)) return raw;
  // Header first: it says how large the content is, and nothing beyond that is ever inflated.
  const uint64_t expected = idx_expected_size(gunzip_head(raw, source, kind == IdxKind::images ? 16 : 8), source, kind);
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  if (pages > 0 && page > 0 && expected > static_cast<uint64_t>(pages) * static_cast<uint64_t>(page))
    fail_input(source + ": header promises " + std::to_string(expected) + " bytes of data, more than this machine's memory");
  return gunzip_bounded(raw, source, static_cast<std::size_t>(expected));
}

std::vector<uint8_t> parse_idx_images(const std::vector<uint8_t>& bytes, const std::string& source, int64_t* count) {
  const uint64_t expected = idx_expected_size(bytes, source, IdxKind::images);
  const uint32_t n = be32(bytes, 4);
  if (bytes.size() < expected)
    fail_input(source + ": truncated: header promises " + std::to_string(n) + " images (" + std::to_string(expected) +
               " bytes), file has " + std::to_string(bytes.size()) + " bytes");
  if (bytes.size() > expected)
    fail_input(source + ": " + std::to_string(bytes.size() - expected) + " unexpected trailing bytes after " +
               std::to_string(n) + " images");
  *count = n;
  return {bytes.begin() + 16, bytes.end()};
}

std::vector<uint8_t> parse_idx_labels(const std::vector<uint8_t>& bytes, const std::string& source) {
  const uint64_t expected = idx_expected_size(bytes, source, IdxKind::labels);
  const uint32_t n = be32(bytes, 4);
  if (bytes.size() < expected)
    fail_input(source + ": truncated: header promises " + std::to_string(n) + " labels, file has " +
               std::to_string(bytes.size() - 8));
  if (bytes.size() > expected)
    fail_input(source + ": " + std::to_string(bytes.size() - expected) + " unexpected trailing bytes after " +
               std::to_string(n) + " labels");
  std::vector<uint8_t> labels(bytes.begin() + 8, bytes.end());
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (labels[i] > 9)
      fail_input(source + ": label " + std::to_string(labels[i]) + " at index " + std::to_string(i) + " is not a digit 0-9");
  return labels;
}

MnistSet load_mnist(const fs::path& dir, const std::string& split) {
  if (split != "train" && split != "test") fail("unknown MNIST split '" + split + "' (train or test)");
  const std::string prefix = split == "train" ? "train" : "t10k";
  const std::string image_stem = prefix + "-images-idx3-ubyte";
  const std::string label_stem = prefix + "-labels-idx1-ubyte";
  const fs::path image_path = find_idx_file(dir, image_stem);
  const fs::path label_path = find_idx_file(dir, label_stem);

  MnistSet set;
  const std::vector<uint8_t> image_raw = read_file_bytes(image_path);
  set.images = describe(image_path, image_stem, image_raw);
  const std::vector<uint8_t> label_raw = read_file_bytes(label_path);
  set.labels = describe(label_path, label_stem, label_raw);

  int64_t image_count = 0;
  set.split.pixels = parse_idx_images(decompress_idx(image_raw, image_path.string(), IdxKind::images),
                                      image_path.string(), &image_count);
  set.split.labels =
      parse_idx_labels(decompress_idx(label_raw, label_path.string(), IdxKind::labels), label_path.string());
  if (image_count != set.split.count())
    fail_input(image_path.string() + " holds " + std::to_string(image_count) + " images but " + label_path.string() +
               " holds " + std::to_string(set.split.count()) + " labels");
  return set;
}

fs::path resolve_mnist_dir(const std::optional<std::string>& option) {
  std::string dir;
  std::string how;
  if (option && !option->empty()) {
    dir = *option;
    how = quote_option("mnist");
  } else if (const char* env = std::getenv("RBMDYN_MNIST"); env && *env) {
    dir = env;
    how = "RBMDYN_MNIST";
  } else if (const fs::path fallback = default_mnist_dir();
             !fallback.empty() && !look_for_idx_file(fallback, "train-images-idx3-ubyte").empty()) {
    dir = fallback.string();
    how = "the default data folder";
  } else {
    const std::string where = fallback.empty() ? "$XDG_DATA_HOME/rbmdyn/mnist" : fallback.string();
    fail_input("no MNIST found: pass " + quote_option("mnist") + " DIR, set RBMDYN_MNIST, or put the four files in " +
               where + " (IDX, .gz or not, or torchvision's MNIST/raw/)\n  to download them there: rbmdyn data "
               "--fetch (verified against the official sha256)");
  }
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) fail_input(how + ": " + dir + " is not a folder");
  return dir;
}

fs::path default_mnist_dir() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/') return fs::path(xdg) / "rbmdyn" / "mnist";
  if (const char* home = std::getenv("HOME"); home && *home)
    return fs::path(home) / ".local" / "share" / "rbmdyn" / "mnist";
  return {};
}

std::string official_mnist_sha256(const std::string& name) {
  const auto& table = official_sha256();
  const auto it = table.find(name);
  return it == table.end() ? std::string() : it->second;
}

}  // namespace rbmdyn
