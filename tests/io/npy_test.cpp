#include <gtest/gtest.h>

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

}  // namespace
}  // namespace rbmdyn
