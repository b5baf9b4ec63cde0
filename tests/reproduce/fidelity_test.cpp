// The fidelity table (host/reproduce/fidelity.hpp): per-variant summaries with seed spreads and paired
// differences, log-scale p-values, gap verdicts and the written files, on hand-made cells whose
// answers are worked out in the comments.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "host/reproduce/fidelity.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

using analysis::HeadlineNumber;

HeadlineNumber number(const std::string& id, double ours, double paper, bool scientific = false) {
  HeadlineNumber h;
  h.id = id;
  h.name = id;
  h.ours = ours;
  h.paper = paper;
  h.scientific = scientific;
  return h;
}

FidelityCell cell(const std::string& variant, uint64_t rbm, uint64_t clf, double visited, double p) {
  return {variant,
          rbm,
          clf,
          {number("lb_visited_states", visited, 1.779), number("int_mwu_visited_p", p, 6.703e-5, true)},
          "cells/x"};
}

// default: RBM seeds 1, 2 × classifier seeds 1, 2; variant "v": both RBM seeds, classifier seed 1.
FidelityInputs two_by_two() {
  FidelityInputs in;
  in.command = "rbmdyn sensitivity --out x";
  in.variants = {{"default", "default", "the authors' code", "§10", {}}, {"v", "classifier", "a change", "§6", {}}};
  in.cells = {cell("default", 1, 1, 1.0, 1e-3), cell("default", 1, 2, 1.2, 1e-5), cell("default", 2, 1, 2.0, 1e-4),
              cell("default", 2, 2, 2.2, 1e-4), cell("v", 1, 1, 1.5, 1e-2), cell("v", 2, 1, 2.5, 1e-2)};
  return in;
}

const MetricSummary& find(const std::vector<MetricSummary>& all, const std::string& variant, const std::string& id) {
  for (const MetricSummary& s : all)
    if (s.variant == variant && s.id == id) return s;
  throw std::runtime_error("no summary " + variant + "/" + id);
}

TEST(FidelitySummary, MeansSpreadsAndPairedDifferences) {
  const std::vector<MetricSummary> all = summarize_cells(two_by_two());
  ASSERT_EQ(all.size(), 4u);  // 2 variants × 2 numbers
  const MetricSummary& d = find(all, "default", "lb_visited_states");
  // 1.0, 1.2, 2.0, 2.2: mean 1.6, SD² = (0.36 + 0.16 + 0.16 + 0.36)/3.
  EXPECT_EQ(d.n, 4);
  EXPECT_NEAR(d.mean, 1.6, 1e-12);
  EXPECT_NEAR(d.sd, std::sqrt(1.04 / 3.0), 1e-12);
  EXPECT_NEAR(d.sem, std::sqrt(1.04 / 3.0) / 2.0, 1e-12);
  EXPECT_EQ(d.min, 1.0);
  EXPECT_EQ(d.max, 2.2);
  // RBM seeds: means 1.1 and 2.1 → SD √0.5; classifier seeds: SD 0.1·√2 within each RBM seed.
  EXPECT_NEAR(d.rbm_sd, std::sqrt(0.5), 1e-12);
  EXPECT_NEAR(d.classifier_sd, 0.1 * std::sqrt(2.0), 1e-12);
  EXPECT_EQ(d.diff, 0.0);
  const MetricSummary& v = find(all, "v", "lb_visited_states");
  // Paired with default (1, 1) = 1.0 and (2, 1) = 2.0: both +0.5, so Δ = 0.5 with SEM 0.
  EXPECT_EQ(v.n, 2);
  EXPECT_EQ(v.n_paired, 2);
  EXPECT_NEAR(v.diff, 0.5, 1e-12);
  EXPECT_NEAR(v.diff_sem, 0.0, 1e-12);
  EXPECT_TRUE(std::isnan(v.classifier_sd));  // one classifier seed per RBM seed
}

TEST(FidelitySummary, PValuesAreSummarisedInDecades) {
  const std::vector<MetricSummary> all = summarize_cells(two_by_two());
  const MetricSummary& d = find(all, "default", "int_mwu_visited_p");
  // log10: −3, −5, −4, −4 → mean −4, SD² = (1 + 1 + 0 + 0)/3.
  EXPECT_TRUE(d.log10);
  EXPECT_NEAR(d.mean, -4.0, 1e-12);
  EXPECT_NEAR(d.sd, std::sqrt(2.0 / 3.0), 1e-12);
  const MetricSummary& v = find(all, "v", "int_mwu_visited_p");
  EXPECT_NEAR(v.diff, 0.5 * ((-2 + 3) + (-2 + 4)), 1e-12);  // −2 against −3 and −4
}

std::vector<MetricSummary> gap_case(double default_mean, double default_sd) {
  MetricSummary d;
  d.variant = "default";
  d.id = "x";
  d.n = 9;
  d.mean = default_mean;
  d.sd = default_sd;
  d.n_paired = 9;
  auto variant = [](std::string name, double mean, double sd, double diff, double diff_sem) {
    MetricSummary s;
    s.variant = std::move(name);
    s.id = "x";
    s.n = 3;
    s.mean = mean;
    s.sd = sd;
    s.diff = diff;
    s.diff_sem = diff_sem;
    s.n_paired = 3;
    return s;
  };
  return {d, variant("closer", 1.75, 0.05, 0.55, 0.02), variant("partial", 1.4, 0.05, 0.2, 0.03),
          variant("away", 1.0, 0.05, -0.2, 0.03), variant("noise", 1.25, 0.05, 0.05, 0.04)};
}

TEST(FidelityGap, VerdictsFollowTheStatedRules) {
  const std::vector<FidelityVariant> variants = {{"default", "", "", "", {}}, {"closer", "", "", "", {}},
                                                 {"partial", "", "", "", {}}, {"away", "", "", "", {}},
                                                 {"noise", "", "", "", {}}};
  const HeadlineNumber row = number("x", 0.0, 1.779);
  // Default 1.2 ± 0.1: gap −0.579 > 2 SD. "closer" moves +0.55 ± 0.02 to 1.75, within 2·0.05 of 1.779.
  GapAnalysis g = analyze_gap(gap_case(1.2, 0.1), row, variants);
  EXPECT_EQ(g.verdict, GapVerdict::explained);
  EXPECT_EQ(g.closers, std::vector<std::string>{"closer"});
  EXPECT_NEAR(g.gap, 1.2 - 1.779, 1e-12);
  ASSERT_EQ(g.movers.size(), 3u);  // closer, partial, away; "noise" (0.05 ± 0.04) does not move it
  // Without the closer, only a partial move towards the paper remains.
  std::vector<MetricSummary> partial = gap_case(1.2, 0.1);
  partial.erase(partial.begin() + 1);
  g = analyze_gap(partial, row, {variants[0], variants[2], variants[3], variants[4]});
  EXPECT_EQ(g.verdict, GapVerdict::partly_explained);
  EXPECT_NE(g.text.find("partial"), std::string::npos);
  EXPECT_EQ(g.text.find("away"), std::string::npos);
  g = analyze_gap(partial, row, {variants[0], variants[3], variants[4]});
  EXPECT_EQ(g.verdict, GapVerdict::unexplained);
  // Within 2 SD of the paper: run-to-run spread, whatever the variants do.
  g = analyze_gap(gap_case(1.6, 0.1), row, variants);
  EXPECT_EQ(g.verdict, GapVerdict::within_spread);
  // No paper value: nothing to judge.
  g = analyze_gap(gap_case(1.2, 0.1), number("x", 0.0, std::nan("")), variants);
  EXPECT_EQ(g.verdict, GapVerdict::no_paper_value);
}

TEST(FidelityFiles, TablesAndReportAreWritten) {
  FidelityInputs in = two_by_two();
  const auto dir = test::temp_dir();
  write_fidelity(dir, in);
  auto read = [&](const char* name) {
    std::ifstream f(dir / name);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  };
  const std::string tidy = read("sensitivity.csv");
  EXPECT_EQ(std::count(tidy.begin(), tidy.end(), '\n'), 1 + 6 * 2);  // header + cells × numbers
  EXPECT_NE(tidy.find("v,classifier,2,1,lb_visited_states,lb_visited_states,2.5,"), std::string::npos) << tidy;
  const std::string summary = read("sensitivity_summary.csv");
  EXPECT_EQ(std::count(summary.begin(), summary.end(), '\n'), 1 + 4);
  const nlohmann::json j = nlohmann::json::parse(read("sensitivity.json"));
  EXPECT_EQ(j["cells"].size(), 6u);
  EXPECT_EQ(j["variants"][1]["name"], "v");
  const std::string md = read("fidelity.md");
  EXPECT_NE(md.find("rbmdyn sensitivity --out x"), std::string::npos);
  EXPECT_NE(md.find("| lb_visited_states | 1.779 | 1.600 ± 0.589 (n = 4) |"), std::string::npos) << md;
  EXPECT_NE(md.find("**+0.500 ± 0.000**"), std::string::npos) << md;  // v moves it
  // 1.6 ± 0.59 vs 1.779 and 10^−4 ± 0.82 decades vs 6.7e−5 (−4.17): both within 2 SD.
  EXPECT_NE(md.find("- **Within run-to-run spread of the paper** (2): lb_visited_states; int_mwu_visited_p."),
            std::string::npos)
      << md;
}

TEST(FidelityQualitative, CountsPerVariant) {
  FidelityInputs in = two_by_two();
  const auto counts = qualitative_counts(in);
  ASSERT_FALSE(counts.empty());
  for (const auto& [finding, per_variant] : counts) {
    ASSERT_EQ(per_variant.size(), 2u);
    EXPECT_EQ(per_variant[0].second, 4) << finding;  // default cells
    EXPECT_EQ(per_variant[1].second, 2) << finding;
  }
}

TEST(FidelityClassifier, NumbersFromTheModelMetadata) {
  const auto rows = classifier_headline_numbers(
      {{"best_val_accuracy", "0.981"}, {"test_accuracy", "0.9838"}, {"nondigit_accuracy", "-1"}});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_NEAR(rows[0].ours, 98.1, 1e-9);
  EXPECT_EQ(rows[0].paper, 99.3);
  EXPECT_NEAR(rows[1].ours, 98.38, 1e-9);
  EXPECT_TRUE(std::isnan(rows[2].ours));  // −1 = not evaluated
}

}  // namespace
}  // namespace rbmdyn
