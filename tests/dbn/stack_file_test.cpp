// The deep model's file: round trip, the single RBM as the one-layer stack, and strict loading.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "host/core/error.hpp"
#include "host/io/safetensors.hpp"
#include "host/rbm/rbm_stack.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

void expect_input_error(const std::function<void()>& f, const std::string& fragment) {
  try {
    f();
    FAIL() << "no error; expected one mentioning '" << fragment << "'";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

RbmStack small_stack() {
  RbmStack s = RbmStack::initialized({7, 5, 4, 3}, 11, 0.3f);
  for (Rbm& r : s.layers) {
    for (std::size_t i = 0; i < r.b_v.size(); ++i) r.b_v[i] = 0.01f * static_cast<float>(i) - 0.02f;
    for (std::size_t j = 0; j < r.b_h.size(); ++j) r.b_h[j] = -0.03f * static_cast<float>(j);
  }
  return s;
}

TEST(StackFile, RoundTripKeepsEveryTensorAndMetadata) {
  const auto path = test::temp_dir() / "dbn.safetensors";
  const RbmStack s = small_stack();
  save_rbm_stack(path, s, {{"algorithm", "iterative"}});
  std::map<std::string, std::string> meta;
  const RbmStack back = load_rbm_stack(path, &meta);
  ASSERT_EQ(back.depth(), 3);
  EXPECT_EQ(back.sizes(), (std::vector<int64_t>{7, 5, 4, 3}));
  for (int l = 0; l < 3; ++l) {
    EXPECT_EQ(back.layers[l].W, s.layers[l].W);
    EXPECT_EQ(back.layers[l].b_v, s.layers[l].b_v);
    EXPECT_EQ(back.layers[l].b_h, s.layers[l].b_h);
  }
  EXPECT_EQ(meta.at("sizes"), "7-5-4-3");
  EXPECT_EQ(meta.at("algorithm"), "iterative");
  EXPECT_EQ(meta.at("format"), "rbmdyn.stack");
}

TEST(StackFile, OneLayerStackStartsAsTheSingleRbmAndAnRbmFileLoadsAsOne) {
  const RbmStack one = RbmStack::initialized({9, 4}, 3, 0.1f);
  const Rbm rbm = Rbm::initialized(9, 4, 3, 0.1f);
  EXPECT_EQ(one.layers[0].W, rbm.W);
  // Layers of a deeper stack draw other numbers (a = layer index).
  const RbmStack two = RbmStack::initialized({4, 4, 4}, 3, 0.1f);
  EXPECT_NE(two.layers[0].W, two.layers[1].W);

  const auto path = test::temp_dir() / "rbm.safetensors";
  save_rbm(path, rbm);
  const RbmStack loaded = load_rbm_stack(path);
  ASSERT_EQ(loaded.depth(), 1);
  EXPECT_EQ(loaded.top().W, rbm.W);
}

// Rewrites a saved stack with one tensor replaced (or removed when `values` is empty).
std::filesystem::path tampered(const std::string& name, const std::vector<float>& values, std::vector<int64_t> shape) {
  const auto path = test::temp_dir() / ("bad-" + std::to_string(std::hash<std::string>{}(name)) + ".safetensors");
  save_rbm_stack(path, small_stack());
  SafetensorsFile f = load_safetensors(path);
  f.tensors.erase(name);
  if (!values.empty()) f.put_f32(name, values, std::move(shape));
  save_safetensors(path, f);
  return path;
}

TEST(StackFile, StrictLoadingNamesTheFileTensorAndProblem) {
  // L2.W with 6 rows while layer 1 has 5 units.
  auto p = tampered("L2.W", std::vector<float>(24, 0.1f), {6, 4});
  expect_input_error([&] { load_rbm_stack(p); }, "'L2.W' has 6 rows, but layer 1 has 5 units");
  EXPECT_NE(p.string().find("bad-"), std::string::npos);
  // A NaN in a bias.
  std::vector<float> bh(4, 0.0f);
  bh[2] = std::numeric_limits<float>::quiet_NaN();
  p = tampered("L2.b_h", bh, {4});
  expect_input_error([&] { load_rbm_stack(p); }, "L2.b_h");
  // A bias of the wrong length.
  p = tampered("L3.b_v", std::vector<float>(5, 0.0f), {5});
  expect_input_error([&] { load_rbm_stack(p); }, "L3.b_v");
  // A gap: L2.W missing while L3 exists.
  p = tampered("L2.W", {}, {});
  expect_input_error([&] { load_rbm_stack(p); }, "'L2.W' is missing");
  // A 1-d weight tensor.
  p = tampered("L1.W", std::vector<float>(35, 0.0f), {35});
  expect_input_error([&] { load_rbm_stack(p); }, "'L1.W' must be 2-d");
}

TEST(StackFile, MetadataMustAgreeWithTheTensors) {
  const auto path = test::temp_dir() / "meta.safetensors";
  save_rbm_stack(path, small_stack(), {{"sizes", "7-5-4-2"}});
  expect_input_error([&] { load_rbm_stack(path); }, "metadata sizes 7-5-4-2 but the tensors give 7-5-4-3");
}

TEST(StackFile, SizesParseAndRejectNonsense) {
  EXPECT_EQ(parse_stack_sizes("784-500-500-1000"), (std::vector<int64_t>{784, 500, 500, 1000}));
  expect_input_error([] { parse_stack_sizes("784"); }, "`sizes` '784': needs at least two");
  expect_input_error([] { parse_stack_sizes("784-0"); }, "`sizes` '784-0': each layer size");
  expect_input_error([] { parse_stack_sizes("784-x"); }, "positive integers");
}

}  // namespace
}  // namespace rbmdyn
