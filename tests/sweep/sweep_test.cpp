// Sweeps end to end on the CPU: shapes and invariants, determinism, the LB subset, files, and that
// shards merged equal the unsharded run file for file.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <fstream>
#include <sstream>

#include "host/core/error.hpp"
#include "host/io/npy.hpp"
#include "host/io/read_file.hpp"
#include "host/sweep/merge.hpp"
#include "host/sweep/sweep.hpp"
#include "host/sweep/sweep_analysis.hpp"
#include "host/sweep/sweep_files.hpp"
#include "tests/support/test_support.hpp"
#include "tests/sweep/sweep_fixture.hpp"

namespace rbmdyn {
namespace {
namespace fs = std::filesystem;

SweepRun small_run(const SweepOptions& o) {
  test::StandInClassifier classifier;
  return run_sweep(test::small_rbm(), test::small_biasing(), classifier, o);
}

TEST(Sweep, ShapesAndInvariantsOfAFullRun) {
  const SweepOptions o = test::small_options();
  const SweepRun run = small_run(o);
  const SweepData& d = run.data;
  const int64_t V = 100, C = 4, T = 12;
  ASSERT_EQ(d.vectors.first, 0);
  ASSERT_EQ(d.vectors.count, V);
  ASSERT_EQ(d.pred.size(), static_cast<std::size_t>(V * C * T));
  ASSERT_EQ(d.entropy.size(), d.pred.size());
  ASSERT_EQ(d.activity.size(), d.pred.size());
  ASSERT_EQ(d.examples.size(), static_cast<std::size_t>(V * 2 * 3 * 784));
  for (uint8_t p : d.pred) ASSERT_LE(p, 10);
  // Step 1 uses the start vector as given: activity = its % active, identical for all replicas, and the
  // step-1 image is the same for every replica of a vector.
  const BiasingSet b = test::small_biasing();
  for (int64_t v = 0; v < V; ++v) {
    double ones = 0;
    for (int64_t j = 0; j < 48; ++j) ones += b.vector(static_cast<int>(v))[j];
    EXPECT_NEAR(d.start_activity[v], 100.0 * ones / 48.0, 1e-4);
    for (int64_t c = 0; c < C; ++c) EXPECT_FLOAT_EQ(d.activity[(v * C + c) * T], d.start_activity[v]);
    const float* ex0 = &d.examples[((v * 2 + 0) * 3 + 0) * 784];
    const float* ex1 = &d.examples[((v * 2 + 1) * 3 + 0) * 784];
    EXPECT_TRUE(std::equal(ex0, ex0 + 784, ex1)) << "vector " << v;
  }
  // Chimera vectors are binary: their step-1 activity is a whole number of units (8 for double LB).
  EXPECT_NEAR(d.start_activity[55], 100.0 * 8 / 48, 1e-4);
  ASSERT_EQ(run.analysis.sets.size(), 3u);
  for (const SetAnalysis& s : run.analysis.sets) EXPECT_TRUE(s.complete);
  EXPECT_TRUE(run.analysis.find(VectorSet::lb)->analysis.accuracy.has_value());
  EXPECT_FALSE(run.analysis.find(VectorSet::intersection)->analysis.accuracy.has_value());
  EXPECT_FALSE(run.analysis.paper.empty());
}

TEST(Sweep, SameSeedSameTrajectoriesOtherSeedOthers) {
  SweepOptions o = test::small_options();
  o.set = VectorSet::double_lb;
  const SweepRun a = small_run(o), b = small_run(o);
  EXPECT_EQ(a.data.pred, b.data.pred);
  EXPECT_EQ(a.data.activity, b.data.activity);
  EXPECT_EQ(a.data.examples, b.data.examples);
  o.seed += 1;
  const SweepRun c = small_run(o);
  EXPECT_NE(a.data.activity, c.data.activity);
}

TEST(Sweep, SeveralClassifiersOnOneRunOfTheChainsEqualSeparateSweeps) {
  const SweepOptions o = test::small_options();
  test::StandInClassifier a(400.0), b(130.0);
  const std::vector<SweepRun> both =
      run_sweep(test::small_rbm(), test::small_biasing(), std::vector<DigitClassifier*>{&a, &b}, o);
  ASSERT_EQ(both.size(), 2u);
  const SweepRun only_a = run_sweep(test::small_rbm(), test::small_biasing(), a, o);
  const SweepRun only_b = run_sweep(test::small_rbm(), test::small_biasing(), b, o);
  EXPECT_NE(only_a.data.pred, only_b.data.pred);  // the two classifiers label differently
  for (const auto& [shared, alone] : {std::pair{&both[0], &only_a}, std::pair{&both[1], &only_b}}) {
    EXPECT_EQ(shared->data.pred, alone->data.pred);
    EXPECT_EQ(shared->data.entropy, alone->data.entropy);
    EXPECT_EQ(shared->data.activity, alone->data.activity);
    EXPECT_EQ(shared->data.examples, alone->data.examples);
    EXPECT_EQ(shared->data.start_activity, alone->data.start_activity);
    ASSERT_EQ(shared->analysis.paper.size(), alone->analysis.paper.size());
    for (std::size_t i = 0; i < alone->analysis.paper.size(); ++i) {
      const double x = shared->analysis.paper[i].ours, y = alone->analysis.paper[i].ours;
      EXPECT_TRUE(x == y || (std::isnan(x) && std::isnan(y))) << alone->analysis.paper[i].id;
    }
  }
}

TEST(Sweep, LabelBiasingSetEqualsTheLbPartOfTheFullSweep) {
  SweepOptions o = test::small_options();
  const SweepRun all = small_run(o);
  o.set = VectorSet::lb;
  const SweepRun lb = small_run(o);
  const std::size_t n = lb.data.pred.size();
  ASSERT_EQ(n, static_cast<std::size_t>(10 * 4 * 12));
  EXPECT_TRUE(std::equal(lb.data.pred.begin(), lb.data.pred.end(), all.data.pred.begin()));
  EXPECT_TRUE(std::equal(lb.data.activity.begin(), lb.data.activity.end(), all.data.activity.begin()));
  EXPECT_TRUE(lb.analysis.paper.empty());  // the chimera methods are absent
}

std::string file_text(const fs::path& p) {
  const std::vector<uint8_t> b = read_file_bytes(p);
  return {b.begin(), b.end()};
}

// summary.json without the parts that legitimately differ (none at present besides formatting order).
TEST(Sweep, ShardsMergedEqualTheUnshardedRunFileForFile) {
  const fs::path dir = test::temp_dir();
  const SweepOptions o = test::small_options();
  const BiasingSet biasing = test::small_biasing();
  const SweepRecord record{{{"rbm", "small"}, {"rbm_sha256", "x"}, {"classifier_sha256", "y"}}, "stand-in", {}};
  {
    const SweepRun run = small_run(o);
    write_sweep_folder(dir / "whole", run.data, run.analysis, biasing, record);
  }
  std::vector<fs::path> shards;
  for (int i = 0; i < 3; ++i) {
    SweepOptions s = o;
    s.shard = Shard{i, 3};
    const SweepRun run = small_run(s);
    shards.push_back(dir / ("shard" + std::to_string(i)));
    write_sweep_folder(shards.back(), run.data, run.analysis, biasing, record);
  }
  std::swap(shards[0], shards[2]);  // order does not matter
  SweepFolder merged = merge_sweep_folders(shards);
  write_sweep_folder(dir / "merged", merged.data, analyze_sweep(merged.data), merged.biasing, merged.record);
  for (const char* name : {"pred.npy", "entropy.npy", "activity.npy", "examples.npy", "start_activity.npy",
                           "vectors.csv", "transitions.npy", "step_accuracy.npy", "step_activity.npy",
                           "step_entropy.npy", "transitions_lb_pooled.npy", "summary.json", "paper_numbers.json",
                           "paper_numbers.md", "lb_vectors.npy"})
    EXPECT_EQ(file_text(dir / "whole" / name), file_text(dir / "merged" / name)) << name;

  // vectors.csv names its columns and its pairs (docs/outputs.md): LB rows carry the digit twice,
  // chimera rows their pair, in the order (0,1), (0,2), …
  const std::string csv = file_text(dir / "whole" / "vectors.csv");
  EXPECT_EQ(csv.rfind("vector,set,name,digit_a,digit_b,start_active_percent,group,n_chains,visited_states_max,"
                      "visited_states_mean,",
                      0),
            0u)
      << csv.substr(0, 200);
  EXPECT_NE(csv.find("\n3,lb,lb/3,3,3,"), std::string::npos);
  EXPECT_NE(csv.find("\n11,intersection,intersection/0-2,0,2,"), std::string::npos);
  EXPECT_NE(csv.find("\n99,double,double/8-9,8,9,"), std::string::npos);
}

TEST(Sweep, MergeRejectsIncompleteOrMismatchedShards) {
  const fs::path dir = test::temp_dir();
  const BiasingSet biasing = test::small_biasing();
  const SweepRecord record{{{"rbm_sha256", "x"}, {"classifier_sha256", "y"}}, "stand-in", {}};
  SweepOptions o = test::small_options();
  o.set = VectorSet::lb;
  for (int i = 0; i < 2; ++i) {
    SweepOptions s = o;
    s.shard = Shard{i, 2};
    if (i == 1) s.seed = 7;
    const SweepRun run = small_run(s);
    write_sweep_folder(dir / std::to_string(i), run.data, run.analysis, biasing, record);
  }
  EXPECT_THROW(merge_sweep_folders({dir / "0"}), InputError);  // one of two
  try {
    merge_sweep_folders({dir / "0", dir / "1"});
    FAIL() << "merged shards with different seeds";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("other options"), std::string::npos) << e.what();
  }
  try {
    merge_sweep_folders({dir / "0", dir / "0"});
    FAIL() << "merged a shard with itself";
  } catch (const InputError& e) {  // once reported as "vectors 5..-1 are missing or covered twice"
    EXPECT_NE(std::string(e.what()).find("covers vectors 0..4, which another shard covers too"), std::string::npos)
        << e.what();
  }
}

TEST(Sweep, ReadsBackWhatItWrote) {
  const fs::path dir = test::temp_dir() / "s";
  SweepOptions o = test::small_options();
  o.set = VectorSet::intersection;
  const SweepRun run = small_run(o);
  write_sweep_folder(dir, run.data, run.analysis, test::small_biasing(), {{}, "stand-in", {}});
  const SweepFolder f = read_sweep_folder(dir);
  EXPECT_EQ(f.data.pred, run.data.pred);
  EXPECT_EQ(f.data.examples, run.data.examples);
  EXPECT_EQ(f.data.vectors.first, 10);
  EXPECT_EQ(f.biasing.k, 8);
  // A truncated array is refused with its name.
  std::vector<uint8_t> bytes = read_file_bytes(dir / "entropy.npy");
  bytes.resize(bytes.size() - 4);
  test::write_bytes(dir / "entropy.npy", bytes);
  try {
    read_sweep_folder(dir);
    FAIL() << "accepted a truncated array";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("entropy.npy"), std::string::npos) << e.what();
  }
}

TEST(Sweep, ReadRefusesValuesOutsideTheirRange) {
  const fs::path dir = test::temp_dir() / "s";
  SweepOptions o = test::small_options();
  o.set = VectorSet::lb;
  const SweepRun run = small_run(o);
  write_sweep_folder(dir, run.data, run.analysis, test::small_biasing(), {{}, "stand-in", {}});
  const int64_t V = run.data.vector_count(), C = o.chains, T = o.steps;
  auto expect_refused = [&](const char* file, std::vector<float> values, const std::string& fragment) {
    save_npy(dir / file, values, {V, C, T});
    try {
      read_sweep_folder(dir);
      ADD_FAILURE() << "accepted " << file << " with a value out of range";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(std::string(file) + ": value " + fragment), std::string::npos) << e.what();
    }
  };
  std::vector<float> entropy = run.data.entropy;
  entropy[5] = std::numeric_limits<float>::quiet_NaN();
  expect_refused("entropy.npy", entropy, "nan at flat index 5");
  entropy[5] = 2.5f;  // > ln 10
  expect_refused("entropy.npy", entropy, "2.5 at flat index 5");
  save_npy(dir / "entropy.npy", run.data.entropy, {V, C, T});
  std::vector<float> activity = run.data.activity;
  activity[0] = 500.0f;
  expect_refused("activity.npy", activity, "500 at flat index 0");
  save_npy(dir / "activity.npy", run.data.activity, {V, C, T});
  EXPECT_EQ(read_sweep_folder(dir).data.activity, run.data.activity);  // restored: accepted again
}

}  // namespace
}  // namespace rbmdyn
