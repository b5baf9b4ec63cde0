// The §9 headline numbers on synthetic predictions. The expected values come from an independent
// numpy/scipy implementation of docs/method.md §7/§7.7 (tests/analysis/paper_numbers_reference.py, run with
// scipy 1.17.1 / numpy 2.4.6) on the same generated arrays (lb_chain / chimera_chain below are
// line-for-line the script's generators).
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "host/analysis/paper_numbers.hpp"
#include "host/biasing/biasing_set.hpp"
#include "host/core/error.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn::analysis {
namespace {

constexpr int kSteps = 100;
constexpr uint8_t ND = kNonDigit;

std::vector<uint8_t> fit(std::vector<uint8_t> seq) {
  seq.resize(std::max<std::size_t>(seq.size(), kSteps), ND);
  seq.resize(kSteps);
  return seq;
}
void repeat(std::vector<uint8_t>& seq, int value, int count) {
  for (int i = 0; i < count; ++i) seq.push_back(static_cast<uint8_t>(value));
}

std::vector<uint8_t> lb_chain(int d, int r) {
  std::vector<uint8_t> seq;
  if (d == 0) {
    repeat(seq, 0, r == 3 ? 90 : kSteps);
    return fit(seq);
  }
  repeat(seq, d, std::min(10 + 7 * d + 13 * r, kSteps));
  for (int e = 0; e < (d + r) % 3; ++e) repeat(seq, (d + e + 1) % 10, 3);
  if (r % 2 == 0) repeat(seq, d, 2);
  return fit(seq);
}

std::vector<uint8_t> chimera_chain(int i, int a, int b, int r, int salt) {
  std::vector<uint8_t> seq;
  if (r == 0) {
    repeat(seq, a, 5);
    repeat(seq, b, 5);
    repeat(seq, a, 5);
    const int nd_tail = (i * salt) % 40;
    repeat(seq, ND, 10);
    repeat(seq, b, kSteps - static_cast<int>(seq.size()) - nd_tail);
    return fit(seq);
  }
  const int k = (i + salt) % 4 + 1;
  for (int j = 0; j < k; ++j) repeat(seq, (a + j * b + j) % 10, 4);
  const int tail = (i * 3 + salt) % 50;
  repeat(seq, seq.back(), kSteps - static_cast<int>(seq.size()) - tail);
  return fit(seq);
}

TrajectoryAnalysis make_lb() {
  std::vector<uint8_t> pred;
  std::vector<float> entropy, active;
  for (int d = 0; d < 10; ++d)
    for (int r = 0; r < 4; ++r) {
      const std::vector<uint8_t> c = lb_chain(d, r);
      pred.insert(pred.end(), c.begin(), c.end());
      const int n = d * 4 + r;
      for (int t = 0; t < kSteps; ++t) {
        entropy.push_back(static_cast<float>(0.1 + 0.01 * t + 0.001 * ((n * 7 + t * 3) % 5)));
        active.push_back(static_cast<float>(15 + 0.1 * d + 0.05 * t + 0.01 * r));
      }
    }
  return analyze_trajectories(pred.data(), 40, kSteps, label_biasing_grouping(10, 4), entropy.data(), active.data());
}

TrajectoryAnalysis make_chimera(int salt) {
  std::vector<uint8_t> pred;
  const auto& pairs = digit_pairs();
  for (int i = 0; i < 45; ++i)
    for (int r = 0; r < 2; ++r) {
      const std::vector<uint8_t> c = chimera_chain(i, pairs[i][0], pairs[i][1], r, salt);
      pred.insert(pred.end(), c.begin(), c.end());
    }
  return analyze_trajectories(pred.data(), 90, kSteps, contiguous_grouping(45, 2));
}

std::map<std::string, HeadlineNumber> by_id(const std::vector<HeadlineNumber>& rows) {
  std::map<std::string, HeadlineNumber> m;
  for (const HeadlineNumber& h : rows) EXPECT_TRUE(m.emplace(h.id, h).second) << "duplicate id " << h.id;
  return m;
}

void expect_rel(double actual, double expected, double rel, const std::string& what) {
  EXPECT_NEAR(actual, expected, rel * std::fabs(expected) + 1e-300) << what;
}

TEST(AnalysisPaperNumbers, MatchIndependentReference) {
  const TrajectoryAnalysis lb = make_lb(), inter = make_chimera(7), dlb = make_chimera(9);
  auto rows = by_id(paper_numbers({&lb, &inter, &dlb}));
  auto mean_sem = [&](const std::string& id, double mean, double sem, int64_t n) {
    ASSERT_TRUE(rows.count(id)) << id;
    EXPECT_NEAR(rows[id].ours, mean, 1e-9) << id;
    EXPECT_NEAR(rows[id].ours_sem, sem, 1e-9) << id;
    EXPECT_EQ(rows[id].n, n) << id;
  };
  EXPECT_DOUBLE_EQ(rows["lb_accuracy_step100"].ours, 12.5);
  EXPECT_DOUBLE_EQ(rows["lb_accuracy_digit0_step100"].ours, 75.0);
  EXPECT_NEAR(rows["lb_rho_accuracy_entropy_pearson"].ours, -0.9726898890786374, 1e-12);
  expect_rel(rows["lb_rho_accuracy_entropy_pearson"].p_value, 5.684989214480006e-64, 1e-6, "pearson p");
  EXPECT_NEAR(rows["lb_rho_accuracy_entropy_spearman"].ours, -0.9941456027879928, 1e-12);
  expect_rel(rows["lb_rho_accuracy_entropy_spearman"].p_value, 1.5937908986011433e-96, 1e-6, "spearman p");
  mean_sem("lb_active_step1", 15.465000009536743, 0.09082950537312277, 10);
  mean_sem("lb_active_step100", 20.414999961853027, 0.09082955262139975, 10);
  EXPECT_EQ(rows["k_from_step1_activity"].ours, 154.0);  // floor(15.465 × 10)
  mean_sem("lb_visited_states", 1.825, 0.11208255885729948, 10);
  mean_sem("lb_transitions", 2.1, 0.15890248582070704, 10);
  mean_sem("lb_visited_states_per_trajectory", 1.825, 0.12692271270344013, 40);
  mean_sem("lb_p_same_digit", 0.9700303074286805, 0.0036041244101690383, 10);
  mean_sem("lb_p_digit_to_other", 0.0027245175064836125, 0.0005270678282222674, 110);
  EXPECT_DOUBLE_EQ(rows["lb_p_nondigit_stay"].ours, 1.0);
  mean_sem("lb_nondigit_time_digits_1_9", 32.361111111111114, 5.610713835098792, 9);
  mean_sem("lb_nondigit_time_all_digits", 29.375, 5.789996761657126, 10);
  EXPECT_DOUBLE_EQ(rows["lb_digit0_time_as_0"].ours, 97.5);

  mean_sem("int_visited_states", 2.0555555555555554, 0.0834772419969233, 45);
  mean_sem("int_nondigit_time", 26.5, 1.251172289800822, 45);
  mean_sem("2lb_visited_states", 2.077777777777778, 0.08455483363037639, 45);
  mean_sem("2lb_nondigit_time", 27.166666666666668, 1.4229164972072998, 45);
  expect_rel(rows["int_mwu_visited_p"].ours, 0.2526101783703801, 1e-9, "int p visited");
  expect_rel(rows["int_mwu_nondigit_p"].ours, 0.41722303158502316, 1e-9, "int p nd");
  expect_rel(rows["int_mwu_nondigit_p_9digits"].ours, 0.2268817970814711, 1e-9, "int p nd 9");
  expect_rel(rows["2lb_mwu_visited_p"].ours, 0.20545071228948314, 1e-9, "2lb p visited");
  expect_rel(rows["2lb_mwu_nondigit_p"].ours, 0.43497945814979283, 1e-9, "2lb p nd");
  expect_rel(rows["2lb_mwu_nondigit_p_9digits"].ours, 0.24305066323118169, 1e-9, "2lb p nd 9");
  EXPECT_DOUBLE_EQ(rows["int_visited_pair_6_9"].ours, 1.5);
  EXPECT_NEAR(rows["rho_methods_visited_pearson"].ours, -0.13603917212809455, 1e-12);
  expect_rel(rows["rho_methods_visited_pearson"].p_value, 0.3729019378631502, 1e-9, "methods p");
  EXPECT_NEAR(rows["rho_methods_visited_spearman"].ours, -0.051724872099264387, 1e-12);
  expect_rel(rows["rho_methods_visited_spearman"].p_value, 0.7357830511947399, 1e-9, "methods spearman p");
  EXPECT_EQ(rows["max_visited_states"].ours, 4.0);
  EXPECT_EQ(rows["max_visited_states"].n, 40 + 90 + 90);

  // Paper values travel with every row (§9).
  EXPECT_DOUBLE_EQ(rows["lb_visited_states"].paper, 1.779);
  EXPECT_DOUBLE_EQ(rows["lb_visited_states"].paper_sem, 0.211);
  EXPECT_DOUBLE_EQ(rows["int_mwu_visited_p"].paper, 6.703e-5);
  EXPECT_DOUBLE_EQ(rows["2lb_nondigit_time"].paper, 25.032);
  EXPECT_NEAR(rows["lb_visited_states"].difference(), 1.825 - 1.779, 1e-12);
}

TEST(AnalysisPaperNumbers, MissingInputsKeepRowsWithReasons) {
  const TrajectoryAnalysis inter = make_chimera(7);
  auto rows = by_id(paper_numbers({nullptr, &inter, nullptr}));
  EXPECT_TRUE(std::isnan(rows["lb_visited_states"].ours));
  EXPECT_NE(rows["lb_visited_states"].notes.find("no label-biasing results"), std::string::npos);
  EXPECT_TRUE(std::isnan(rows["int_mwu_visited_p"].ours));  // needs LB as the reference sample
  EXPECT_NEAR(rows["int_visited_states"].ours, 2.0555555555555554, 1e-9);
  EXPECT_TRUE(std::isnan(rows["rho_methods_visited_pearson"].ours));
  EXPECT_EQ(rows["max_visited_states"].ours, 4.0);

  // A chimera analysis with the wrong number of pairs is a caller error, not a silent misreading.
  const TrajectoryAnalysis lb = make_lb();
  EXPECT_THROW((void)paper_numbers({&inter, nullptr, nullptr}), Error);
  EXPECT_THROW((void)paper_numbers({nullptr, &lb, nullptr}), Error);
}

TEST(AnalysisPaperNumbers, WritesJsonAndMarkdown) {
  const TrajectoryAnalysis lb = make_lb();
  const std::vector<HeadlineNumber> rows = paper_numbers({&lb, nullptr, nullptr});
  const std::string md = paper_numbers_markdown(rows);
  EXPECT_EQ(md.rfind("| number | paper | ours | difference | n | notes |\n|---|---|", 0), 0u) << md;
  EXPECT_NE(md.find("| LB visited states per trajectory | 1.779 ± 0.211 | 1.825 ± 0.112 | 0.046 | 10 |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("6.703e-05"), std::string::npos) << md;
  EXPECT_EQ(std::count(md.begin(), md.end(), '\n'), static_cast<long>(rows.size()) + 2);

  const auto dir = test::temp_dir();
  write_paper_numbers(dir, rows);
  EXPECT_TRUE(std::filesystem::exists(dir / "paper_numbers.md"));
  const nlohmann::json j = paper_numbers_json(rows);
  ASSERT_EQ(j.size(), rows.size());
  EXPECT_EQ(j[0]["id"], "lb_accuracy_step100");
  EXPECT_DOUBLE_EQ(j[0]["difference"].get<double>(), 12.5 - 11.2);
  const auto int_row = std::find_if(j.begin(), j.end(), [](const auto& r) { return r["id"] == "int_visited_states"; });
  ASSERT_NE(int_row, j.end());
  EXPECT_TRUE((*int_row)["ours"].is_null());
}

TEST(AnalysisPaperNumbers, PairsInCombinationsOrder) {
  const auto& pairs = digit_pairs();
  ASSERT_EQ(pairs.size(), 45u);
  EXPECT_EQ(pairs.front(), (std::array<int, 2>{0, 1}));
  EXPECT_EQ(pairs[9], (std::array<int, 2>{1, 2}));
  EXPECT_EQ(pairs[41], (std::array<int, 2>{6, 9}));
  EXPECT_EQ(pairs.back(), (std::array<int, 2>{8, 9}));
}

}  // namespace
}  // namespace rbmdyn::analysis
