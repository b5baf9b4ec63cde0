// The reproduction report (host/reproduce/report.hpp): across-seed summaries and the qualitative
// findings of §9, on hand-made numbers whose answers are worked out in the comments.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "host/reproduce/report.hpp"

namespace rbmdyn {
namespace {

using analysis::HeadlineNumber;

std::vector<HeadlineNumber> numbers(const std::map<std::string, double>& values) {
  std::vector<HeadlineNumber> rows;
  for (const auto& [id, x] : values) {
    HeadlineNumber h;
    h.id = id;
    h.name = id;
    h.ours = x;
    rows.push_back(h);
  }
  return rows;
}

SeedOutcome seed_with(uint64_t seed, const std::map<std::string, double>& values) {
  SeedOutcome s;
  s.seed = seed;
  s.numbers = numbers(values);
  return s;
}

// The paper's own values (§9): every finding holds.
std::map<std::string, double> paper_like() {
  return {{"lb_visited_states", 1.779},   {"int_visited_states", 2.951},   {"2lb_visited_states", 2.104},
          {"lb_nondigit_time_all_digits", 70.0}, {"int_nondigit_time", 12.156}, {"2lb_nondigit_time", 25.032},
          {"int_mwu_visited_p", 6.703e-5}, {"2lb_mwu_visited_p", 0.139},    {"int_mwu_nondigit_p", 2.338e-5},
          {"2lb_mwu_nondigit_p", 5.054e-4}, {"max_visited_states", 7.0}};
}

std::map<std::string, bool> checks(const std::map<std::string, double>& values) {
  std::map<std::string, bool> out;
  for (const auto& [finding, holds] : qualitative_checks(numbers(values))) out[finding] = holds;
  return out;
}

bool holds_containing(const std::map<std::string, bool>& c, const std::string& text) {
  for (const auto& [finding, holds] : c)
    if (finding.find(text) != std::string::npos) return holds;
  ADD_FAILURE() << "no finding mentions '" << text << "'";
  return false;
}

TEST(ReportAcrossSeeds, MeanSampleSdRangeOverDefinedSeeds) {
  // 1, 2, 4: mean 7/3; SD² = ((4/3)² + (1/3)² + (5/3)²)/2 = 7/3; NaN seeds are left out.
  const std::vector<SeedOutcome> seeds = {seed_with(1, {{"x", 1.0}}), seed_with(2, {{"x", 2.0}}),
                                          seed_with(3, {{"x", std::nan("")}}), seed_with(4, {{"x", 4.0}})};
  const AcrossSeeds a = across_seeds(seeds, "x");
  EXPECT_EQ(a.n, 3);
  EXPECT_NEAR(a.mean, 7.0 / 3.0, 1e-12);
  EXPECT_NEAR(a.sd, std::sqrt(7.0 / 3.0), 1e-12);
  EXPECT_EQ(a.min, 1.0);
  EXPECT_EQ(a.max, 4.0);
}

TEST(ReportAcrossSeeds, OneSeedHasZeroSdAndAMissingIdIsNan) {
  const std::vector<SeedOutcome> one = {seed_with(1, {{"x", 2.5}})};
  const AcrossSeeds a = across_seeds(one, "x");
  EXPECT_EQ(a.n, 1);
  EXPECT_EQ(a.mean, 2.5);
  EXPECT_EQ(a.sd, 0.0);
  const AcrossSeeds none = across_seeds(one, "y");
  EXPECT_EQ(none.n, 0);
  EXPECT_TRUE(std::isnan(none.mean));
}

TEST(ReportQualitative, ThePapersOwnNumbersPassEveryFinding) {
  for (const auto& [finding, holds] : checks(paper_like())) EXPECT_TRUE(holds) << finding;
}

TEST(ReportQualitative, EachFindingFailsWhenItsNumberSaysSo) {
  auto with = [](std::map<std::string, double> v, const std::string& id, double x) {
    v[id] = x;
    return v;
  };
  const auto base = paper_like();
  EXPECT_FALSE(holds_containing(checks(with(base, "2lb_visited_states", 3.0)), "intersection > double LB"));
  EXPECT_FALSE(holds_containing(checks(with(base, "lb_visited_states", 2.2)), "intersection > double LB"));
  EXPECT_FALSE(holds_containing(checks(with(base, "int_mwu_visited_p", 0.06)), "significantly more"));
  // The Mann–Whitney pattern: double LB must NOT be significant for visited states (paper p = 0.139).
  EXPECT_FALSE(holds_containing(checks(with(base, "2lb_mwu_visited_p", 0.01)), "Mann–Whitney pattern"));
  EXPECT_FALSE(holds_containing(checks(with(base, "2lb_mwu_nondigit_p", 0.2)), "Mann–Whitney pattern"));
  // Cutting the non-digit time means below half of label biasing's (70 → 35).
  EXPECT_FALSE(holds_containing(checks(with(base, "2lb_nondigit_time", 36.0)), "cut the non-digit time"));
  EXPECT_TRUE(holds_containing(checks(with(base, "2lb_nondigit_time", 34.0)), "cut the non-digit time"));
  EXPECT_FALSE(holds_containing(checks(with(base, "max_visited_states", 10.0)), "all 10 digits"));
  // ±0.15 bands around the paper and, for the chimeras, the authors' rerun (3.051, 2.24).
  EXPECT_FALSE(holds_containing(checks(with(base, "lb_visited_states", 1.62)), "label-biasing visited states"));
  EXPECT_TRUE(holds_containing(checks(with(base, "int_visited_states", 3.19)), "intersection visited states"));
  EXPECT_FALSE(holds_containing(checks(with(base, "int_visited_states", 3.21)), "intersection visited states"));
  EXPECT_TRUE(holds_containing(checks(with(base, "2lb_visited_states", 2.38)), "double-LB visited states"));
  // A missing number (NaN) never counts as holding.
  EXPECT_FALSE(holds_containing(checks(with(base, "int_mwu_visited_p", std::nan(""))), "significantly more"));
}

TEST(ReportMarkdown, MarksFailedFindingsPerSeed) {
  ReportInputs in;
  in.options = {{"seeds", 2}};
  in.classifier = {{"arch", "small"}};
  auto broken = paper_like();
  broken["2lb_visited_states"] = 0.5;  // below label biasing: breaks the ordering for seed 2
  in.seeds = {seed_with(1, paper_like()), seed_with(2, broken)};
  const std::string md = report_markdown(in);
  EXPECT_NE(md.find("| visited states: intersection > double LB > label biasing | yes | **no** |"), std::string::npos)
      << md;
}

}  // namespace
}  // namespace rbmdyn
