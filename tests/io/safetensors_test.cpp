#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "host/core/error.hpp"
#include "host/io/read_file.hpp"
#include "host/io/safetensors.hpp"
#include "host/rbm/rbm_model.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

// Builds a safetensors file by hand, as a third-party writer (numpy/PyTorch) would.
std::vector<uint8_t> handmade(const nlohmann::json& header, const std::vector<uint8_t>& data) {
  const std::string text = header.dump();
  std::vector<uint8_t> bytes;
  bytes.reserve(8 + text.size() + data.size());
  for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<uint8_t>(text.size() >> (8 * i)));
  for (char ch : text) bytes.push_back(static_cast<uint8_t>(ch));
  for (uint8_t b : data) bytes.push_back(b);
  return bytes;
}

std::vector<uint8_t> floats_le(const std::vector<float>& v) {
  std::vector<uint8_t> b(v.size() * 4);
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

void expect_input_error(const std::function<void()>& f, const std::string& fragment) {
  try {
    f();
    FAIL() << "no error; expected one mentioning '" << fragment << "'";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(Safetensors, RbmRoundTripKeepsValuesAndMetadata) {
  Rbm rbm = Rbm::initialized(6, 4, 99);
  rbm.b_v[2] = 0.5f;
  rbm.b_h[3] = -1.25f;
  const auto path = test::temp_dir() / "m.safetensors";
  save_rbm(path, rbm, {{"epochs_trained", "7"}});
  std::map<std::string, std::string> meta;
  const Rbm back = load_rbm(path, &meta);
  EXPECT_EQ(back.n_visible, 6);
  EXPECT_EQ(back.n_hidden, 4);
  EXPECT_EQ(back.W, rbm.W);
  EXPECT_EQ(back.b_v, rbm.b_v);
  EXPECT_EQ(back.b_h, rbm.b_h);
  EXPECT_EQ(meta.at("epochs_trained"), "7");
  EXPECT_EQ(meta.at("n_hidden"), "4");
  EXPECT_FALSE(meta.at("engine_version").empty());
}

TEST(Safetensors, LoadsFileWrittenByAnotherTool) {
  // Layout as safetensors.numpy.save_file writes it: b_h, b_v, W in its own order, no metadata.
  const std::vector<float> W = {1, 2, 3, 4, 5, 6}, b_v = {0.1f, 0.2f}, b_h = {-1, -2, -3};
  std::vector<uint8_t> data = floats_le(b_h);
  auto more = floats_le(b_v);
  data.insert(data.end(), more.begin(), more.end());
  more = floats_le(W);
  data.insert(data.end(), more.begin(), more.end());
  const nlohmann::json header = {{"b_h", {{"dtype", "F32"}, {"shape", {3}}, {"data_offsets", {0, 12}}}},
                                 {"b_v", {{"dtype", "F32"}, {"shape", {2}}, {"data_offsets", {12, 20}}}},
                                 {"W", {{"dtype", "F32"}, {"shape", {2, 3}}, {"data_offsets", {20, 44}}}}};
  const auto path = test::temp_dir() / "ext.safetensors";
  test::write_bytes(path, handmade(header, data));
  const Rbm rbm = load_rbm(path);
  EXPECT_EQ(rbm.n_visible, 2);
  EXPECT_EQ(rbm.n_hidden, 3);
  EXPECT_EQ(rbm.W, W);
  EXPECT_EQ(rbm.b_v, b_v);
  EXPECT_EQ(rbm.b_h, b_h);
}

TEST(Safetensors, RejectsBadFilesWithClearErrors) {
  const auto dir = test::temp_dir();
  const auto path = dir / "bad.safetensors";
  const std::vector<uint8_t> data = floats_le({1, 2, 3, 4, 5, 6, 0.1f, 0.2f, -1, -2, -3});
  auto entry = [](const char* dtype, std::vector<int64_t> shape, std::size_t a, std::size_t b) {
    return nlohmann::json{{"dtype", dtype}, {"shape", shape}, {"data_offsets", {a, b}}};
  };
  const nlohmann::json good = {{"W", entry("F32", {2, 3}, 0, 24)},
                               {"b_v", entry("F32", {2}, 24, 32)},
                               {"b_h", entry("F32", {3}, 32, 44)}};
  test::write_bytes(path, handmade(good, data));
  ASSERT_NO_THROW(load_rbm(path));

  auto load = [&] { (void)load_rbm(path); };
  auto bytes = handmade(good, data);
  test::write_bytes(path, {bytes.begin(), bytes.end() - 5});
  expect_input_error(load, "outside");  // truncated data section
  test::write_bytes(path, {bytes.begin(), bytes.begin() + 20});
  expect_input_error(load, "exceeds the file");  // truncated header
  test::write_bytes(path, {1, 2, 3});
  expect_input_error(load, "too short");

  nlohmann::json h = good;
  h["W"] = entry("F64", {2, 3}, 0, 24);
  test::write_bytes(path, handmade(h, data));
  expect_input_error(load, "bytes do not match shape");
  h = good;
  h["b_v"] = entry("F32", {3}, 24, 36);
  test::write_bytes(path, handmade(h, data));
  expect_input_error(load, "overlap");
  h = good;
  h["b_v"] = entry("I32", {2}, 24, 32);
  test::write_bytes(path, handmade(h, data));
  expect_input_error(load, "dtype I32");
  h = good;
  h.erase("b_h");
  test::write_bytes(path, handmade(h, {data.begin(), data.begin() + 32}));  // without b_h's bytes
  expect_input_error(load, "'b_h' is missing");
  h = good;
  h["b_h"] = entry("F32", {2}, 32, 40);
  test::write_bytes(path, handmade(h, {data.begin(), data.begin() + 40}));
  expect_input_error(load, "expected [3]");

  auto nan_data = data;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(nan_data.data() + 8, &nan, 4);
  test::write_bytes(path, handmade(good, nan_data));
  expect_input_error(load, "non-finite");

  const std::string junk = "{not json";
  std::vector<uint8_t> raw = {static_cast<uint8_t>(junk.size()), 0, 0, 0, 0, 0, 0, 0};
  for (char ch : junk) raw.push_back(static_cast<uint8_t>(ch));
  test::write_bytes(path, raw);
  expect_input_error(load, "not valid JSON");
}

TEST(Safetensors, AtomicWriteLeavesNoTemporaryFiles) {
  const auto dir = test::temp_dir();
  save_rbm(dir / "a.safetensors", Rbm::zeros(3, 2));
  save_rbm(dir / "a.safetensors", Rbm::zeros(3, 2));  // overwrite
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    ++files;
    EXPECT_EQ(e.path().filename(), "a.safetensors");
  }
  EXPECT_EQ(files, 1);
}


// A file whose header is the given JSON text (so that keys can repeat), followed by `data`.
std::vector<uint8_t> handmade_text(const std::string& text, const std::vector<uint8_t>& data) {
  std::vector<uint8_t> bytes;
  for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<uint8_t>(text.size() >> (8 * i)));
  bytes.insert(bytes.end(), text.begin(), text.end());
  bytes.insert(bytes.end(), data.begin(), data.end());
  return bytes;
}

void expect_load_rbm_error(const std::vector<uint8_t>& bytes, const std::string& fragment) {
  const auto path = test::temp_dir() / "hostile.safetensors";
  test::write_bytes(path, bytes);
  try {
    (void)load_rbm(path);
    FAIL() << "accepted; expected an error mentioning '" << fragment << "'";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("hostile.safetensors"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

const char* kRbmEntries =
    R"("W":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},)"
    R"("b_v":{"dtype":"F32","shape":[2],"data_offsets":[24,32]},)"
    R"("b_h":{"dtype":"F32","shape":[3],"data_offsets":[32,44]})";

TEST(Safetensors, DuplicateNamesAreRejected) {
  // nlohmann::json keeps the last of two equal keys; Python's safetensors refuses the file. So do we.
  const std::vector<uint8_t> data = floats_le({1, 2, 3, 4, 5, 6, 0.1f, 0.2f, -1, -2, -3, 9, 9, 9});
  const std::string base = std::string("{") + kRbmEntries;
  expect_load_rbm_error(handmade_text(base + R"(,"b_h":{"dtype":"F32","shape":[3],"data_offsets":[44,56]}})", data),
                        "names 'b_h' twice");
  expect_load_rbm_error(
      handmade_text(base + R"(,"__metadata__":{"a":"1","a":"2"}})", {data.begin(), data.begin() + 44}),
      "names 'a' twice");
  expect_load_rbm_error(
      handmade_text(R"({"W":{"dtype":"F32","dtype":"F64","shape":[2,3],"data_offsets":[0,24]}})", data), "twice");
}

TEST(Safetensors, BytesOutsideEveryTensorAreRejected) {
  std::vector<uint8_t> data = floats_le({1, 2, 3, 4, 5, 6, 0.1f, 0.2f, -1, -2, -3});
  const std::string good = std::string("{") + kRbmEntries + "}";
  {
    const auto path = test::temp_dir() / "good.safetensors";
    test::write_bytes(path, handmade_text(good, data));
    EXPECT_EQ(load_rbm(path).b_h, (std::vector<float>{-1, -2, -3}));
  }
  std::vector<uint8_t> longer = data;
  longer.insert(longer.end(), {0xde, 0xad, 0xbe, 0xef});
  expect_load_rbm_error(handmade_text(good, longer), "4 unexpected bytes after the last tensor");
  // A hole between W and b_v (b_v and b_h moved 4 bytes on).
  const std::string holed = R"({"W":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},)"
                            R"("b_v":{"dtype":"F32","shape":[2],"data_offsets":[28,36]},)"
                            R"("b_h":{"dtype":"F32","shape":[3],"data_offsets":[36,48]}})";
  expect_load_rbm_error(handmade_text(holed, longer), "bytes 24..27 of the data section belong to no tensor");
}

TEST(Safetensors, HugeShapesAndOutOfRangeValuesAreRejected) {
  const std::vector<uint8_t> data = floats_le({1, 2, 3, 4, 5, 6, 0.1f, 0.2f, -1, -2, -3});
  expect_load_rbm_error(handmade_text(R"({"W":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}})",
                                      {}),
                        "is too large");
  for (const float bad : {std::numeric_limits<float>::infinity(), 2e6f, -3e7f}) {
    std::vector<float> values = {1, 2, 3, 4, 5, 6, 0.1f, 0.2f, -1, -2, -3};
    values[9] = bad;  // b_h[1]
    expect_load_rbm_error(handmade_text(std::string("{") + kRbmEntries + "}", floats_le(values)), "'b_h'");
  }
  std::vector<float> values = {1, 2, 3, 4, 5, 6, 0.1f, 0.2f, -1, -2, -3};
  values[4] = 5e6f;  // W[1, 1]
  expect_load_rbm_error(handmade_text(std::string("{") + kRbmEntries + "}", floats_le(values)),
                        "tensor 'W' holds 5e+06 at flat index 4");
  // Exactly at the limit is accepted: the bound is on magnitude, not on "looks large".
  values[4] = -kMaxRbmParameter;
  const auto path = test::temp_dir() / "edge.safetensors";
  test::write_bytes(path, handmade_text(std::string("{") + kRbmEntries + "}", floats_le(values)));
  EXPECT_EQ(load_rbm(path).W[4], -1e6f);
}

}  // namespace
}  // namespace rbmdyn
