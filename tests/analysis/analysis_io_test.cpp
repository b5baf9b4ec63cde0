// rbmdyn analyze's inputs (NPY predictions made elsewhere) and the analysis output folder.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "host/analysis/analysis_inputs.hpp"
#include "host/analysis/analyze_files.hpp"
#include "host/analysis/analysis_writer.hpp"
#include "host/core/error.hpp"
#include "host/io/npy.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn::analysis {
namespace {

template <class F>
void expect_input_error(F&& f, const std::string& fragment_a, const std::string& fragment_b) {
  try {
    f();
    FAIL() << "accepted; expected an error with: " << fragment_a << " / " << fragment_b;
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(fragment_a), std::string::npos) << what;
    EXPECT_NE(what.find(fragment_b), std::string::npos) << what;
  }
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(AnalysisInputs, LoadsIntegerPredictionsOfTwoOrThreeAxes) {
  const auto dir = test::temp_dir();
  const std::vector<int64_t> p3 = {0, 10, 3, 3, 9, 9, 1, 2, 10, 10, 10, 10};  // [2 vectors, 3 chains, 2 steps]
  save_npy(dir / "p3.npy", p3, {2, 3, 2});
  const PredictionFile f = load_predictions(dir / "p3.npy");
  EXPECT_EQ(f.n_vectors, 2);
  EXPECT_EQ(f.n_chains, 6);
  EXPECT_EQ(f.n_steps, 2);
  EXPECT_EQ(f.pred, (std::vector<uint8_t>{0, 10, 3, 3, 9, 9, 1, 2, 10, 10, 10, 10}));

  const std::vector<uint8_t> p2 = {1, 2, 3, 4, 5, 6};
  save_npy(dir / "p2.npy", p2, {3, 2});
  const PredictionFile g = load_predictions(dir / "p2.npy");
  EXPECT_EQ(g.n_vectors, 0);
  EXPECT_EQ(g.n_chains, 3);
  EXPECT_EQ(g.pred, p2);
}

TEST(AnalysisInputs, RejectsBadPredictionsNamingTheFile) {
  const auto dir = test::temp_dir();
  save_npy(dir / "big.npy", std::vector<int32_t>{1, 2, 3, 11}, {2, 2});
  expect_input_error([&] { (void)load_predictions(dir / "big.npy"); }, "big.npy", "value 11 at chain 1, step 1");
  save_npy(dir / "neg.npy", std::vector<int32_t>{-1, 2}, {1, 2});
  expect_input_error([&] { (void)load_predictions(dir / "neg.npy"); }, "neg.npy", "value -1");
  save_npy(dir / "float.npy", std::vector<float>{1, 2}, {1, 2});
  expect_input_error([&] { (void)load_predictions(dir / "float.npy"); }, "float.npy", "not an integer type");
  save_npy(dir / "flat.npy", std::vector<uint8_t>{1, 2}, {2});
  expect_input_error([&] { (void)load_predictions(dir / "flat.npy"); }, "flat.npy", "[chains, steps]");
}

TEST(AnalysisInputs, ChainAndStepValuesFollowThePredictionShape) {
  const auto dir = test::temp_dir();
  save_npy(dir / "labels.npy", std::vector<int64_t>{0, 0, 0, 1, 1, 1}, {2, 3});
  EXPECT_EQ(load_chain_values(dir / "labels.npy", 6, 2), (std::vector<int32_t>{0, 0, 0, 1, 1, 1}));
  expect_input_error([&] { (void)load_chain_values(dir / "labels.npy", 6, 0); }, "labels.npy", "[6]");

  std::vector<float> ent(12, 0.5f);
  save_npy(dir / "ent.npy", ent, {6, 2});
  EXPECT_EQ(load_step_values(dir / "ent.npy", 6, 2, 0), ent);
  expect_input_error([&] { (void)load_step_values(dir / "ent.npy", 6, 3, 0); }, "ent.npy", "[6, 3]");
  ent[5] = NAN;
  save_npy(dir / "nan.npy", ent, {2, 3, 2});
  expect_input_error([&] { (void)load_step_values(dir / "nan.npy", 6, 2, 2); }, "nan.npy", "chain 2, step 1");
  save_npy(dir / "int.npy", std::vector<int32_t>(12, 0), {6, 2});
  expect_input_error([&] { (void)load_step_values(dir / "int.npy", 6, 2, 0); }, "int.npy", "float32");
}

// label_biasing labels each chain with its group: refused where the groups cannot be the digits (issue 10:
// a 2-D file without grouping made every chain digit 0), used where they are.
TEST(AnalyzeFiles, LabelBiasingNeedsGroupsThatAreDigits) {
  const auto dir = test::temp_dir();
  // 4 chains × 3 steps; chains 0-1 biased to digit 0, chains 2-3 to digit 1 when grouped by 2.
  save_npy(dir / "p2.npy", std::vector<uint8_t>{1, 2, 3, 3, 3, 3, 10, 1, 1, 0, 0, 0}, {4, 3});
  save_npy(dir / "p3.npy", std::vector<uint8_t>(3 * 2 * 2, 0), {3, 2, 2});  // a shard: 3 vectors
  AnalyzeJob job;
  job.label_biasing = true;
  job.out = dir / "out";
  job.pred = dir / "p2.npy";
  expect_input_error([&] { (void)analyze_files(job); }, "p2.npy is 2-D [chains, steps]", "`label_biasing`");
  job.pred = dir / "p3.npy";
  expect_input_error([&] { (void)analyze_files(job); }, "p3.npy holds 3 vectors", "label biasing has 10");

  job.pred = dir / "p2.npy";
  job.chains_per_group = 2;
  const TrajectoryAnalysis a = analyze_files(job);
  ASSERT_TRUE(a.accuracy.has_value());
  EXPECT_DOUBLE_EQ(a.accuracy->overall.front(), 0.0);  // step 1: 1, 3, 10, 0 against 0, 0, 1, 1
  EXPECT_DOUBLE_EQ(a.accuracy->overall.back(), 0.25);  // step 3: 3, 3, 1, 0 against 0, 0, 1, 1

  save_npy(dir / "p10.npy", std::vector<uint8_t>(10 * 2 * 2, 4), {10, 2, 2});  // all ten digits: accepted
  job.pred = dir / "p10.npy";
  job.chains_per_group = 0;
  const TrajectoryAnalysis b = analyze_files(job);
  ASSERT_TRUE(b.accuracy.has_value());
  EXPECT_DOUBLE_EQ(b.accuracy->overall.front(), 0.1);  // only vector 4's two chains show their digit
}

TEST(AnalysisWriter, WritesReadableFolder) {
  // Two groups of two chains, 3 steps; group 1 never leaves the non-digit state.
  const std::vector<uint8_t> pred = {4, 4, 10, 4, 2, 2, 10, 10, 10, 10, 10, 10};
  ChainGrouping g = contiguous_grouping(2, 2);
  g.label = {4, 4, 7, 7};
  const TrajectoryAnalysis a = analyze_trajectories(pred.data(), 4, 3, g);
  const auto dir = test::temp_dir() / "out";
  write_trajectory_analysis(dir, a, {{"pred", "x.npy"}});

  std::vector<int64_t> shape;
  const std::vector<double> p = load_npy<double>(dir / "transition_probabilities.npy", &shape);
  EXPECT_EQ(shape, (std::vector<int64_t>{2, 11, 11}));
  // Group 0 row 4: 4→4, 4→10, 4→2 once each out of 3; row 0 never visited → NaN.
  EXPECT_DOUBLE_EQ(p[4 * 11 + 2], 1.0 / 3.0);
  EXPECT_TRUE(std::isnan(p[0]));
  EXPECT_DOUBLE_EQ(p[121 + 10 * 11 + 10], 1.0);  // group 1: ND → ND always
  EXPECT_EQ(load_npy<int32_t>(dir / "chain_runs.npy", &shape), (std::vector<int32_t>{1, 2, 0, 0}));
  EXPECT_EQ(load_npy<int32_t>(dir / "chain_state_time.npy", &shape).size(), 44u);

  const nlohmann::json s = nlohmann::json::parse(read_text(dir / "summary.json"));
  EXPECT_EQ(s["inputs"]["pred"], "x.npy");
  EXPECT_EQ(s["n_groups"], 2);
  EXPECT_TRUE(s["transition_probabilities_pooled"][0][0].is_null());  // NaN → null
  EXPECT_DOUBLE_EQ(s["groups"][0]["visited"]["mean"].get<double>(), 1.5);
  EXPECT_EQ(s["conventions"]["sem_ddof"]["state_time"], 1);
  EXPECT_DOUBLE_EQ(s["accuracy"]["overall"][0].get<double>(), 0.5);  // chains 0, 1 correct; 2, 3 not
  EXPECT_TRUE(s["environment"].contains("engine_version"));

  const std::string csv = read_text(dir / "groups.csv");
  // Self-describing column names, as docs/outputs.md lists them (3 + 14 metrics × 4 statistics).
  const std::string header = csv.substr(0, csv.find('\n'));
  EXPECT_EQ(header.rfind(
                "group,n_chains,visited_states_max,visited_states_mean,visited_states_sem,"
                "visited_states_mean_rounded,visited_states_sem_rounded,transitions_mean,transitions_sem,",
                0),
            0u)
      << header;
  EXPECT_NE(header.find(",changes_mean,"), std::string::npos) << header;
  EXPECT_NE(header.find(",state_time_0_mean,state_time_0_sem,"), std::string::npos) << header;
  EXPECT_TRUE(header.ends_with(",state_time_nondigit_mean_rounded,state_time_nondigit_sem_rounded")) << header;
  EXPECT_EQ(std::count(header.begin(), header.end(), ','), 3 + 14 * 4 - 1);
  EXPECT_NE(csv.find("\n1,2,0,0,0,0,0,"), std::string::npos) << csv;  // group 1: V max 0, V mean 0, SEM 0
  const std::string steps = read_text(dir / "per_step.csv");
  EXPECT_EQ(std::count(steps.begin(), steps.end(), '\n'), 4);  // header + 3 steps
  EXPECT_EQ(steps.substr(0, steps.find('\n')),
            "step,accuracy,accuracy_digit_0,accuracy_digit_1,accuracy_digit_2,accuracy_digit_3,accuracy_digit_4,"
            "accuracy_digit_5,accuracy_digit_6,accuracy_digit_7,accuracy_digit_8,accuracy_digit_9");
}

TEST(AnalysisWriter, FormatsNumbersShortestRoundTrip) {
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(2.0 / 3.0), "0.6666666666666666");
  EXPECT_EQ(format_number(NAN), "nan");
  EXPECT_EQ(format_number(76.099), "76.099");
}

}  // namespace
}  // namespace rbmdyn::analysis
