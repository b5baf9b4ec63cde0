// Intersection and double-label-biasing vectors (docs/method.md §3.3, §5.2–5.4), the global vector order,
// and the biasing folder on disk.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>

#include "host/biasing/biasing_set.hpp"
#include "host/core/error.hpp"
#include "host/io/npy.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

int pair_index(int a, int b) {
  const auto& p = digit_pairs();
  for (std::size_t i = 0; i < p.size(); ++i)
    if (p[i][0] == a && p[i][1] == b) return static_cast<int>(i);
  return -1;
}

// Hand-made H_LB over 5 units with binary-exact values, so sums and ties are exact:
//   digit 0: .75 .5  .25 0   0     S_0 = {0, 1}
//   digit 1: 0   .5  .5  .5  0     S_1 = {1, 2}  (three-way tie: lower indices win)
//   digit 2: .25 .25 .25 .25 .25   S_2 = {0, 1}  (all tied)
//   digit 3..9: 0 0 0 .25 .5       S_c = {4, 3}
std::vector<float> hand_made_lb() {
  std::vector<float> lb = {0.75f, 0.5f,  0.25f, 0.0f,  0.0f,   //
                           0.0f,  0.5f,  0.5f,  0.5f,  0.0f,   //
                           0.25f, 0.25f, 0.25f, 0.25f, 0.25f};
  for (int c = 3; c < 10; ++c) lb.insert(lb.end(), {0.0f, 0.0f, 0.0f, 0.25f, 0.5f});
  return lb;
}

std::vector<float> row(const std::vector<float>& m, int r, int64_t n) {
  return {m.begin() + r * n, m.begin() + (r + 1) * n};
}

TEST(TopK, BreaksTiesByAscendingIndex) {
  const std::vector<double> v = {0.5, 0.9, 0.5, 0.9, 0.1, 0.5};
  EXPECT_EQ(top_k_indices(v.data(), 6, 3), (std::vector<int32_t>{1, 3, 0}));
  EXPECT_EQ(top_k_indices(v.data(), 6, 5), (std::vector<int32_t>{1, 3, 0, 2, 5}));
  EXPECT_EQ(top_k_binarise(v.data(), 6, 4), (std::vector<float>{1, 1, 1, 1, 0, 0}));
  EXPECT_TRUE(top_k_indices(v.data(), 6, 0).empty());
}

TEST(DigitPairs, FortyFivePairsInLexicographicOrder) {
  const auto& p = digit_pairs();
  ASSERT_EQ(p.size(), 45u);
  EXPECT_EQ(p[0], (std::array<int, 2>{0, 1}));
  EXPECT_EQ(p[9], (std::array<int, 2>{1, 2}));
  EXPECT_EQ(p[44], (std::array<int, 2>{8, 9}));
  for (const auto& q : p) EXPECT_LT(q[0], q[1]);
}

TEST(BiasingVectors, IntersectionAndDoubleOnHandMadeInputsWithTies) {
  const BiasingSet s = make_biasing_vectors(hand_made_lb(), 5, 2);
  EXPECT_EQ(s.k, 2);
  using V = std::vector<float>;
  EXPECT_EQ(row(s.intersection, pair_index(0, 1), 5), (V{0, 1, 0, 0, 0}));
  EXPECT_EQ(row(s.intersection, pair_index(0, 2), 5), (V{1, 1, 0, 0, 0}));
  EXPECT_EQ(row(s.intersection, pair_index(1, 2), 5), (V{0, 1, 0, 0, 0}));
  EXPECT_EQ(row(s.intersection, pair_index(0, 3), 5), (V{0, 0, 0, 0, 0}));
  EXPECT_EQ(row(s.intersection, pair_index(3, 4), 5), (V{0, 0, 0, 1, 1}));
  EXPECT_EQ(s.overlap[static_cast<std::size_t>(pair_index(0, 1))], 1);
  EXPECT_EQ(s.overlap[static_cast<std::size_t>(pair_index(0, 2))], 2);
  EXPECT_EQ(s.overlap[static_cast<std::size_t>(pair_index(0, 3))], 0);
  EXPECT_EQ(s.overlap[static_cast<std::size_t>(pair_index(3, 4))], 2);
  // Double LB: top-2 of H_LB(a) + H_LB(b).
  //   (0,1): g = .75 1 .75 .5 0      → {1, 0}   (0 beats 2 on the .75 tie)
  //   (1,2): g = .25 .75 .75 .75 .25 → {1, 2}
  //   (0,3): g = .75 .5 .25 .25 .5   → {0, 1}   (1 beats 4 on the .5 tie)
  EXPECT_EQ(row(s.double_lb, pair_index(0, 1), 5), (V{1, 1, 0, 0, 0}));
  EXPECT_EQ(row(s.double_lb, pair_index(1, 2), 5), (V{0, 1, 1, 0, 0}));
  EXPECT_EQ(row(s.double_lb, pair_index(0, 3), 5), (V{1, 1, 0, 0, 0}));
  for (int p = 0; p < 45; ++p) {
    const V d = row(s.double_lb, p, 5);
    EXPECT_EQ(std::count(d.begin(), d.end(), 1.0f), 2) << "pair " << p;  // exactly k ones
  }
  EXPECT_THROW(make_biasing_vectors(hand_made_lb(), 5, 0), InputError);
  EXPECT_THROW(make_biasing_vectors(hand_made_lb(), 5, 6), InputError);
}

TEST(BiasingVectors, GlobalOrderAndNames) {
  EXPECT_EQ(vector_range(VectorSet::lb).first, 0);
  EXPECT_EQ(vector_range(VectorSet::lb).count, 10);
  EXPECT_EQ(vector_range(VectorSet::intersection).first, 10);
  EXPECT_EQ(vector_range(VectorSet::intersection).count, 45);
  EXPECT_EQ(vector_range(VectorSet::double_lb).first, 55);
  EXPECT_EQ(vector_range(VectorSet::double_lb).count, 45);
  EXPECT_EQ(vector_range(VectorSet::all).count, 100);
  EXPECT_EQ(vector_name(3), "lb/3");
  EXPECT_EQ(vector_name(10), "intersection/0-1");
  EXPECT_EQ(vector_name(54), "intersection/8-9");
  EXPECT_EQ(vector_name(55), "double/0-1");
  EXPECT_EQ(vector_name(99), "double/8-9");
  const BiasingSet s = make_biasing_vectors(hand_made_lb(), 5, 2);
  const std::vector<float> all = stack_vectors(s, VectorSet::all);
  ASSERT_EQ(all.size(), 500u);
  EXPECT_EQ(row(all, 1, 5), row(s.lb, 1, 5));
  EXPECT_EQ(row(all, 10 + pair_index(3, 4), 5), row(s.intersection, pair_index(3, 4), 5));
  EXPECT_EQ(row(all, 55 + pair_index(0, 3), 5), row(s.double_lb, pair_index(0, 3), 5));
  EXPECT_EQ(stack_vectors(s, VectorSet::double_lb), std::vector<float>(all.begin() + 275, all.end()));
  EXPECT_EQ(parse_vector_set("double"), VectorSet::double_lb);
  EXPECT_THROW(parse_vector_set("both"), InputError);
}

void expect_input_error_naming(const std::filesystem::path& dir, const std::string& needle) {
  try {
    load_biasing_set(dir);
    FAIL() << "expected InputError mentioning " << needle;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(BiasingFolder, RoundTripsAndRejectsBadFiles) {
  const auto dir = test::temp_dir() / "biasing";
  const BiasingSet s = make_biasing_vectors(hand_made_lb(), 5, 2);
  save_biasing_set(dir, s, {{"note", "test"}});
  const BiasingSet r = load_biasing_set(dir);
  EXPECT_EQ(r.n_hidden, 5);
  EXPECT_EQ(r.k, 2);
  EXPECT_EQ(r.lb, s.lb);
  EXPECT_EQ(r.intersection, s.intersection);
  EXPECT_EQ(r.double_lb, s.double_lb);
  EXPECT_EQ(r.overlap, s.overlap);
  EXPECT_EQ(r.pairs, s.pairs);

  std::vector<float> bad = s.lb;
  bad[7] = std::numeric_limits<float>::quiet_NaN();
  save_npy(dir / "lb.npy", bad, {10, 5});
  expect_input_error_naming(dir, "lb.npy: entry 7 is not finite");
  save_npy(dir / "lb.npy", s.lb, {5, 10});
  expect_input_error_naming(dir, "lb.npy: shape [5, 10]");
  // H_LB holds probabilities: a value outside [0, 1] once reported 500 % active units.
  for (const float out_of_range : {5.0f, -0.25f, 1.0001f}) {
    bad = s.lb;
    bad[13] = out_of_range;
    save_npy(dir / "lb.npy", bad, {10, 5});
    expect_input_error_naming(dir, "lb.npy: entry 13 (vector 2, unit 3) is");
  }
  save_npy(dir / "lb.npy", s.lb, {10, 5});

  bad = s.intersection;
  bad[3] = 0.5f;
  save_npy(dir / "intersection.npy", bad, {45, 5});
  expect_input_error_naming(dir, "must be binary");
  save_npy(dir / "intersection.npy", std::vector<float>(45 * 4, 0.0f), {45, 4});
  expect_input_error_naming(dir, "n_hidden must agree");
  save_npy(dir / "intersection.npy", s.intersection, {45, 5});

  std::vector<int32_t> overlap = s.overlap;
  overlap[0] += 1;
  save_npy(dir / "overlap.npy", overlap, {45});
  expect_input_error_naming(dir, "overlap.npy: entry 0");
  save_npy(dir / "overlap.npy", s.overlap, {45});

  std::vector<int32_t> pairs(90, 0);
  save_npy(dir / "pairs.npy", pairs, {45, 2});
  expect_input_error_naming(dir, "pairs.npy: row 0");
  std::filesystem::remove(dir / "pairs.npy");
  expect_input_error_naming(dir, "pairs.npy: missing");
  expect_input_error_naming(dir / "nowhere", "no such directory");
}

}  // namespace
}  // namespace rbmdyn
