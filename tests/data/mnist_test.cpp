#include <gtest/gtest.h>
#include <zlib.h>

#include "host/core/error.hpp"
#include "host/data/mnist.hpp"
#include "host/io/read_file.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {
namespace fs = std::filesystem;

void put_be32(std::vector<uint8_t>& b, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<uint8_t>(v >> s));
}

std::vector<uint8_t> idx_images(uint32_t n, uint32_t rows = 28, uint32_t cols = 28, uint32_t magic = 0x803) {
  std::vector<uint8_t> b;
  put_be32(b, magic);
  put_be32(b, n);
  put_be32(b, rows);
  put_be32(b, cols);
  for (uint32_t i = 0; i < n * rows * cols; ++i) b.push_back(static_cast<uint8_t>(i * 7));
  return b;
}

std::vector<uint8_t> idx_labels(const std::vector<uint8_t>& labels, uint32_t magic = 0x801) {
  std::vector<uint8_t> b;
  put_be32(b, magic);
  put_be32(b, static_cast<uint32_t>(labels.size()));
  b.insert(b.end(), labels.begin(), labels.end());
  return b;
}

std::vector<uint8_t> gzip(const std::vector<uint8_t>& raw) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::vector<uint8_t> out(compressBound(static_cast<uLong>(raw.size())) + 64);
  zs.next_in = const_cast<Bytef*>(raw.data());
  zs.avail_in = static_cast<uInt>(raw.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// Expects InputError whose message contains the file name and `fragment`.
template <class F>
void expect_error(F&& f, const std::string& file, const std::string& fragment) {
  try {
    f();
    FAIL() << "accepted bad input; expected error with '" << fragment << "'";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(file), std::string::npos) << what;
    EXPECT_NE(what.find(fragment), std::string::npos) << what;
  }
}

TEST(IdxParsing, AcceptsWellFormedBuffers) {
  int64_t n = 0;
  const auto pixels = parse_idx_images(idx_images(3), "img", &n);
  EXPECT_EQ(n, 3);
  ASSERT_EQ(pixels.size(), 3u * 784u);
  EXPECT_EQ(pixels[1], 7);
  EXPECT_EQ(parse_idx_labels(idx_labels({0, 9, 5}), "lab"), (std::vector<uint8_t>{0, 9, 5}));
}

TEST(IdxParsing, RejectsCorruptAndTruncatedBuffers) {
  int64_t n = 0;
  auto images = idx_images(3);
  expect_error([&] { parse_idx_images({images.begin(), images.end() - 1}, "img.idx", &n); }, "img.idx", "truncated");
  expect_error([&] { parse_idx_images({images.begin(), images.begin() + 10}, "img.idx", &n); }, "img.idx",
               "truncated IDX header");
  images.push_back(0);
  expect_error([&] { parse_idx_images(images, "img.idx", &n); }, "img.idx", "trailing");
  expect_error([&] { parse_idx_images(idx_images(1, 28, 28, 0x804), "img.idx", &n); }, "img.idx", "bad IDX magic");
  expect_error([&] { parse_idx_images(idx_images(1, 32, 32), "img.idx", &n); }, "img.idx", "expected 28x28");
  expect_error([&] { parse_idx_images(idx_labels({1}), "img.idx", &n); }, "img.idx", "label file");
  expect_error([&] { parse_idx_labels(idx_labels({1, 10}), "lab.idx"); }, "lab.idx", "label 10 at index 1");
  expect_error([&] { parse_idx_labels(idx_images(1), "lab.idx"); }, "lab.idx", "image file");
  auto labels = idx_labels({1, 2, 3});
  expect_error([&] { parse_idx_labels({labels.begin(), labels.end() - 1}, "lab.idx"); }, "lab.idx", "truncated");
}

class MnistFolder : public ::testing::Test {
 protected:
  void write(const std::string& name, const std::vector<uint8_t>& bytes) { test::write_bytes(dir_ / name, bytes); }
  fs::path dir_ = test::temp_dir();
};

TEST_F(MnistFolder, LoadsGzipAndRawFilesAndFlagsUnknownCopies) {
  write("train-images-idx3-ubyte.gz", gzip(idx_images(4)));
  write("train-labels-idx1-ubyte", idx_labels({3, 1, 3, 0}));
  const MnistSet set = load_mnist(dir_, "train");
  EXPECT_EQ(set.split.count(), 4);
  EXPECT_TRUE(set.images.gzip);
  EXPECT_FALSE(set.labels.gzip);
  EXPECT_EQ(set.images.status, ChecksumStatus::unknown);
  EXPECT_EQ(set.split.class_counts()[3], 2);
  const std::vector<float> x = set.split.to_unit_float(1, 1);
  ASSERT_EQ(x.size(), 784u);
  EXPECT_FLOAT_EQ(x[0], static_cast<float>(static_cast<uint8_t>(784 * 7)) / 255.0f);
}

TEST_F(MnistFolder, RejectsMismatchedCorruptAndMissingFiles) {
  write("train-images-idx3-ubyte.gz", gzip(idx_images(4)));
  write("train-labels-idx1-ubyte.gz", gzip(idx_labels({1, 2, 3})));
  expect_error([&] { load_mnist(dir_, "train"); }, "train-images-idx3-ubyte.gz", "holds 4 images but");

  auto gz = gzip(idx_labels({1, 2, 3, 4}));
  write("train-labels-idx1-ubyte.gz", {gz.begin(), gz.begin() + static_cast<std::ptrdiff_t>(gz.size() / 2)});
  expect_error([&] { load_mnist(dir_, "train"); }, "train-labels-idx1-ubyte.gz", "truncated gzip");
  gz[gz.size() / 2] ^= 0xff;
  gz[gz.size() / 2 + 1] ^= 0xff;
  write("train-labels-idx1-ubyte.gz", gz);
  EXPECT_THROW(load_mnist(dir_, "train"), InputError);

  expect_error([&] { load_mnist(dir_, "test"); }, dir_.string(), "missing t10k-images-idx3-ubyte.gz");
}

TEST_F(MnistFolder, GzipBombStopsAtTheSizeTheHeaderPromises) {
  // A label file promising 4 labels, followed by 64 MiB of zeros: 64 KiB of gzip. Only the header and
  // at most one inflate chunk beyond the promised 12 bytes may ever be produced.
  std::vector<uint8_t> bomb = idx_labels({1, 2, 3, 4});
  bomb.resize(bomb.size() + (64u << 20), 0);
  const std::vector<uint8_t> gz = gzip(bomb);
  ASSERT_LT(gz.size(), 100u << 10);
  expect_error([&] { (void)decompress_idx(gz, "bomb.gz", IdxKind::labels); }, "bomb.gz",
               "decompresses to more than 12 bytes");
  write("train-images-idx3-ubyte.gz", gzip(idx_images(4)));
  write("train-labels-idx1-ubyte.gz", gz);
  expect_error([&] { load_mnist(dir_, "train"); }, "train-labels-idx1-ubyte.gz", "decompresses to more than 12 bytes");
  // The header is checked before anything else is inflated.
  std::vector<uint8_t> wrong = idx_labels({1});
  wrong[3] = 0x04;
  wrong.resize(wrong.size() + (64u << 20), 0);
  expect_error([&] { (void)decompress_idx(gzip(wrong), "bomb.gz", IdxKind::labels); }, "bomb.gz", "bad IDX magic");
  // A header that promises more than this machine's memory is refused up front.
  std::vector<uint8_t> greedy;
  put_be32(greedy, 0x803);
  put_be32(greedy, 0xffffffffu);  // 4 Gi images × 784 bytes: 3.4 TB
  put_be32(greedy, 28);
  put_be32(greedy, 28);
  expect_error([&] { (void)decompress_idx(gzip(greedy), "greedy.gz", IdxKind::images); }, "greedy.gz",
               "more than this machine's memory");
}

TEST_F(MnistFolder, GzipMembersAreJoinedAndTrailingGarbageIsAnError) {
  const std::vector<uint8_t> labels = idx_labels({7, 0, 7, 1});
  std::vector<uint8_t> two = gzip({labels.begin(), labels.begin() + 5});
  const std::vector<uint8_t> rest = gzip({labels.begin() + 5, labels.end()});
  two.insert(two.end(), rest.begin(), rest.end());  // what `cat a.gz b.gz` makes; gunzip reads both
  EXPECT_EQ(decompress_idx(two, "two.gz", IdxKind::labels), labels);
  std::vector<uint8_t> junk = gzip(labels);
  junk.insert(junk.end(), {'j', 'u', 'n', 'k'});
  expect_error([&] { (void)decompress_idx(junk, "junk.gz", IdxKind::labels); }, "junk.gz",
               "4 unexpected bytes after the end of the gzip stream");
}

TEST(MnistReal, OfficialFilesLoadWithKnownCountsAndChecksums) {
  RBMDYN_REQUIRE_MNIST(dir);
  const MnistSet train = load_mnist(dir, "train");
  const MnistSet test = load_mnist(dir, "test");
  // Class counts from ../shared/data/mnist/README.md.
  const std::array<int64_t, 10> train_counts = {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949};
  const std::array<int64_t, 10> test_counts = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};
  EXPECT_EQ(train.split.class_counts(), train_counts);
  EXPECT_EQ(test.split.class_counts(), test_counts);
  EXPECT_EQ(train.images.status, ChecksumStatus::official);
  EXPECT_EQ(test.labels.status, ChecksumStatus::official);
  EXPECT_EQ(train.split.labels[0], 5);  // the famous first training digit
}

}  // namespace
}  // namespace rbmdyn
