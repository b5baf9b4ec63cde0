#include <gtest/gtest.h>

#include <tuple>

#include "host/core/error.hpp"
#include "host/io/npy.hpp"
#include "host/io/read_file.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

TEST(Npy, RoundTripsTypesAndShapes) {
  const auto dir = test::temp_dir();
  const std::vector<float> f = {1.5f, -2.0f, 3.25f, 0.0f, 7.0f, 8.0f};
  save_npy(dir / "f.npy", f, {2, 3});
  std::vector<int64_t> shape;
  EXPECT_EQ(load_npy<float>(dir / "f.npy", &shape), f);
  EXPECT_EQ(shape, (std::vector<int64_t>{2, 3}));

  const std::vector<uint8_t> u = {0, 10, 255};
  save_npy(dir / "u.npy", u, {3});
  EXPECT_EQ(load_npy<uint8_t>(dir / "u.npy", &shape), u);
  EXPECT_EQ(shape, (std::vector<int64_t>{3}));

  // The header is padded to a multiple of 64 bytes, as numpy requires for format 1.0.
  const auto bytes = read_file_bytes(dir / "u.npy");
  EXPECT_EQ((10 + (bytes[8] | (bytes[9] << 8))) % 64, 0);
  EXPECT_EQ(load_npy_as_float(dir / "u.npy", nullptr), (std::vector<float>{0, 10, 255}));
}

TEST(Npy, ReadsHeaderWrittenByNumpy) {
  // Exactly what numpy 1.26 writes for np.save(f, np.array([[1, 2]], dtype='<i4')).
  std::string header = "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 2), }";
  header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
  header.push_back('\n');
  std::vector<uint8_t> bytes = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, static_cast<uint8_t>(header.size()), 0};
  bytes.insert(bytes.end(), header.begin(), header.end());
  for (uint8_t b : {1, 0, 0, 0, 2, 0, 0, 0}) bytes.push_back(b);
  const auto path = test::temp_dir() / "np.npy";
  test::write_bytes(path, bytes);
  std::vector<int64_t> shape;
  EXPECT_EQ(load_npy<int32_t>(path, &shape), (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(shape, (std::vector<int64_t>{1, 2}));
}

TEST(Npy, RejectsBadFilesNamingThem) {
  const auto dir = test::temp_dir();
  const std::vector<float> f(12, 1.0f);
  save_npy(dir / "ok.npy", f, {3, 4});
  auto bytes = read_file_bytes(dir / "ok.npy");

  auto expect_error = [&](const std::vector<uint8_t>& content, const std::string& fragment) {
    const auto path = dir / "bad.npy";
    test::write_bytes(path, content);
    try {
      (void)load_npy<float>(path, nullptr);
      FAIL() << "accepted a bad file; expected: " << fragment;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("bad.npy"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  expect_error({bytes.begin(), bytes.end() - 4}, "truncated");
  expect_error({'x', 'y', 'z', 0, 0, 0, 0, 0, 0, 0, 0}, "bad magic");
  EXPECT_THROW((void)load_npy<uint8_t>(dir / "ok.npy", nullptr), InputError);  // wrong dtype
  EXPECT_THROW((void)load_npy<float>(dir / "missing.npy", nullptr), InputError);
}


// A .npy file with the given header dictionary text (padded as numpy pads it) and `data_bytes` zero bytes.
std::vector<uint8_t> npy_with_header(std::string header, std::size_t data_bytes, int major = 1) {
  const std::size_t prefix = major == 1 ? 10 : 12;
  header.append((64 - (prefix + header.size() + 1) % 64) % 64, ' ');
  header.push_back('\n');
  std::vector<uint8_t> bytes = {0x93, 'N', 'U', 'M', 'P', 'Y', static_cast<uint8_t>(major), 0};
  for (std::size_t i = 0; i < prefix - 8; ++i) bytes.push_back(static_cast<uint8_t>(header.size() >> (8 * i)));
  bytes.insert(bytes.end(), header.begin(), header.end());
  bytes.resize(bytes.size() + data_bytes, 0);
  return bytes;
}

// Every reader entry point must refuse `bytes` with an InputError naming the file and saying `fragment`
// (before the fix, several of these ended in std::length_error, std::invalid_argument or a wrong message).
void expect_npy_rejected(const std::vector<uint8_t>& bytes, const std::string& fragment) {
  const auto path = test::temp_dir() / "hostile.npy";
  test::write_bytes(path, bytes);
  for (int reader = 0; reader < 3; ++reader) {
    try {
      if (reader == 0) (void)load_npy_raw(path);
      if (reader == 1) (void)load_npy<float>(path, nullptr);
      if (reader == 2) (void)load_npy_as_float(path, nullptr);
      ADD_FAILURE() << "reader " << reader << " accepted a bad file; expected: " << fragment;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("hostile.npy"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  }
}

std::string dict(const std::string& descr, const std::string& shape) {
  return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
}

TEST(Npy, ShapeProductOverflowIsRejectedNotAllocated) {
  // 2^58 × 784 × 4 bytes wraps around 2^64; the old size check passed and the allocation threw.
  expect_npy_rejected(npy_with_header(dict("<f4", "(288230376151711744, 784)"), 16), "is too large");
  expect_npy_rejected(npy_with_header(dict("<f4", "(4294967296, 4294967296)"), 0), "is too large");
  expect_npy_rejected(npy_with_header(dict("<f4", "(99999999999999999999999,)"), 4), "too large");
  // Empty, but chains = 2^62 × 2^62 would overflow in the readers that multiply dimensions.
  expect_npy_rejected(npy_with_header(dict("|u1", "(0, 4611686018427387904, 4611686018427387904)"), 0), "too large");
}

TEST(Npy, NegativeDimensionsAreRejected) {
  expect_npy_rejected(npy_with_header(dict("<f4", "(-3, 4)"), 48), "negative dimension");
  expect_npy_rejected(npy_with_header(dict("<f4", "(3, -4)"), 48), "negative dimension");
}

TEST(Npy, BadDtypesGetTheirOwnMessages) {
  expect_npy_rejected(npy_with_header(dict("<f99999999999999999999", "(2,)"), 8), "is not supported");
  expect_npy_rejected(npy_with_header(dict("<fx", "(2,)"), 8), "is not supported");
  expect_npy_rejected(npy_with_header(dict("|O", "(2,)"), 16), "Python objects");
  expect_npy_rejected(npy_with_header(dict(">f4", "(2,)"), 8), "big-endian");
  expect_npy_rejected(npy_with_header(dict("<U5", "(2,)"), 40), "is not supported");
  expect_npy_rejected(npy_with_header(dict("", "(2,)"), 8), "is not supported");
  expect_npy_rejected(
      npy_with_header("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", 8), "structured");
}

TEST(Npy, MalformedHeaderDictionariesAreRejected) {
  expect_npy_rejected(npy_with_header("{'descr': '<f4', 'fortran_order': False, }", 8), "no 'shape'");
  expect_npy_rejected(npy_with_header("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", 8),
                      "appears twice");
  expect_npy_rejected(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", 8),
                      "unknown key");
  expect_npy_rejected(npy_with_header("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,)}", 8), "True or False");
  expect_npy_rejected(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2.5,)}", 8), "expected ')'");
  expect_npy_rejected(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} trailing", 8),
                      "after the dictionary");
  expect_npy_rejected(npy_with_header("{'descr': '<f4", 8), "unterminated string");
  // A 4-byte header length (format 2.0) that claims a megabyte: refused before any parsing.
  std::vector<uint8_t> huge = {0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0x40, 0x42, 0x0f, 0x00};
  huge.resize(huge.size() + 1000000, ' ');
  expect_npy_rejected(huge, "implausibly long");
  expect_npy_rejected({0x93, 'N', 'U', 'M', 'P', 'Y', 4, 0, 0, 0}, "unsupported .npy version 4.0");
}

TEST(Npy, AcceptsEveryNumericDtypeInCanonicalForm) {
  // numpy writes '|i1' and '|u1' for bytes, '<' for wider types; '=' (native) is little-endian here.
  for (const auto& [descr, canonical, size] :
       std::vector<std::tuple<std::string, std::string, int>>{{"|i1", "|i1", 1}, {"<u1", "|u1", 1},
                                                              {"<i2", "<i2", 2}, {"<u4", "<u4", 4},
                                                              {"=f4", "<f4", 4}, {"<f8", "<f8", 8},
                                                              {"<i8", "<i8", 8}, {"<u8", "<u8", 8}}) {
    const auto path = test::temp_dir() / "ok.npy";
    test::write_bytes(path, npy_with_header(dict(descr, "(3, 0, 2)"), 0));
    EXPECT_EQ(load_npy_raw(path).shape, (std::vector<int64_t>{3, 0, 2})) << descr;
    test::write_bytes(path, npy_with_header(dict(descr, "()"), static_cast<std::size_t>(size), 2));
    const NpyArray scalar = load_npy_raw(path);
    EXPECT_EQ(scalar.descr, canonical);
    EXPECT_TRUE(scalar.shape.empty());
    EXPECT_EQ(scalar.bytes.size(), static_cast<std::size_t>(size));
  }
}

}  // namespace
}  // namespace rbmdyn
