// Reruns into an existing folder (issue 10 §5): `generate` and `sweep` leave no file of an earlier run,
// `generate`'s summary lists only files it wrote, and `merge --out` never overwrites an input shard.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "host/core/error.hpp"
#include "host/io/read_file.hpp"
#include "host/rbm/rbm_model.hpp"
#include "host/sweep/generate.hpp"
#include "host/sweep/merge.hpp"
#include "host/sweep/sweep_job.hpp"
#include "host/runtime/device.hpp"
#include "host/util/memory_check.hpp"
#include "tests/support/test_support.hpp"
#include "tests/sweep/sweep_fixture.hpp"

namespace rbmdyn {
namespace {
namespace fs = std::filesystem;

GenerateJob small_generate(const fs::path& dir) {
  save_rbm(dir / "rbm.safetensors", test::small_rbm());
  save_biasing_set(dir / "biasing", test::small_biasing(), {});
  GenerateJob job;
  job.rbm = dir / "rbm.safetensors";
  job.biasing = dir / "biasing";
  job.out = dir / "gen";
  job.chains = 2;
  job.steps = 5;
  job.progress = false;
  return job;
}

// The RBM saved in `dir`, a stand-in classifier file, and the sweep inputs naming both.
SweepInputs sweep_inputs(const fs::path& dir, const Rbm& rbm, const BiasingSet& biasing) {
  save_rbm(dir / "rbm.safetensors", rbm);
  std::ofstream(dir / "clf.safetensors") << "stand-in";
  return {rbm, dir / "rbm.safetensors", biasing, nlohmann::json::object(), dir / "clf.safetensors"};
}

std::string read_file_text(const fs::path& p) {
  const std::vector<uint8_t> bytes = read_file_bytes(p);
  return {bytes.begin(), bytes.end()};
}

nlohmann::json read_summary(const fs::path& p) {
  const std::vector<uint8_t> bytes = read_file_bytes(p);
  return nlohmann::json::parse(bytes.begin(), bytes.end());
}

TEST(WholeFolder, GenerateRerunLeavesNoStaleFileAndListsOnlyWrittenGrids) {
  const fs::path dir = test::temp_dir();
  GenerateJob job = small_generate(dir);
  job.keep_hidden = true;
  generate_chains(job);
  ASSERT_TRUE(fs::exists(job.out / "hidden.npy"));
  ASSERT_TRUE(fs::exists(job.out / "visible.npy"));
  ASSERT_TRUE(fs::exists(job.out / "grid_lb.png"));

  job.keep_hidden = false;
  job.keep_steps = "none";  // no visible states: no visible.npy and no grid can be drawn
  generate_chains(job);
  EXPECT_FALSE(fs::exists(job.out / "hidden.npy"));
  EXPECT_FALSE(fs::exists(job.out / "visible.npy"));
  EXPECT_FALSE(fs::exists(job.out / "grid_lb.png"));
  EXPECT_TRUE(fs::exists(job.out / "activity.npy"));
  const nlohmann::json summary = read_summary(job.out / "summary.json");
  EXPECT_TRUE(summary.at("grids").empty()) << summary.at("grids").dump();
  for (const auto& name : summary.at("grids")) EXPECT_TRUE(fs::exists(job.out / name.get<std::string>()));
}

TEST(WholeFolder, GenerateRefusesAFolderOfOtherFilesBeforeRunning) {
  const fs::path dir = test::temp_dir();
  GenerateJob job = small_generate(dir);
  fs::create_directories(job.out);
  std::ofstream(job.out / "notes.txt") << "mine";
  EXPECT_THROW(generate_chains(job), InputError);
  EXPECT_TRUE(fs::exists(job.out / "notes.txt"));
  EXPECT_FALSE(fs::exists(job.out / "activity.npy"));
}

TEST(WholeFolder, SweepRerunReplacesTheFolderWhole) {
  const fs::path dir = test::temp_dir();
  const Rbm rbm = test::small_rbm();
  const BiasingSet biasing = test::small_biasing();
  test::StandInClassifier classifier;
  const SweepInputs inputs = sweep_inputs(dir, rbm, biasing);
  SweepOptions o = test::small_options();
  run_sweep_into_folder(dir / "s", o, inputs, SweepClassifiers{&classifier, {}, {}});
  ASSERT_TRUE(fs::exists(dir / "s" / "paper_numbers.md"));  // all three methods
  o.set = VectorSet::lb;  // no §9 numbers for the LB set alone
  run_sweep_into_folder(dir / "s", o, inputs, SweepClassifiers{&classifier, {}, {}});
  EXPECT_FALSE(fs::exists(dir / "s" / "paper_numbers.md"));
  EXPECT_FALSE(fs::exists(dir / "s" / "paper_numbers.json"));
  EXPECT_TRUE(fs::exists(dir / "s" / "pred.npy"));
}

TEST(WholeFolder, SweepIntoAFolderHoldingTheSameSweepIsReusedOtherwiseRedone) {
  const fs::path dir = test::temp_dir();
  Rbm rbm = test::small_rbm();
  const BiasingSet biasing = test::small_biasing();
  test::StandInClassifier classifier;
  const SweepInputs inputs = sweep_inputs(dir, rbm, biasing);
  SweepOptions o = test::small_options();
  o.set = VectorSet::lb;
  const SweepRun first = run_sweep_into_folder(dir / "s", o, inputs, SweepClassifiers{&classifier, {}, {}});
  EXPECT_FALSE(first.reused);
  const std::string config = read_file_text(dir / "s" / "config.json");
  const SweepRun again = run_sweep_into_folder(dir / "s", o, inputs, SweepClassifiers{&classifier, {}, {}});
  EXPECT_TRUE(again.reused);
  EXPECT_EQ(again.data.pred, first.data.pred);
  EXPECT_EQ(read_file_text(dir / "s" / "config.json"), config);  // untouched (its timings too)

  o.seed += 1;  // other options: redone
  EXPECT_FALSE(run_sweep_into_folder(dir / "s", o, inputs, SweepClassifiers{&classifier, {}, {}}).reused);
  o.seed -= 1;
  EXPECT_FALSE(run_sweep_into_folder(dir / "s", o, inputs, SweepClassifiers{&classifier, {}, {}}).reused);
  rbm.b_v[0] += 0.5f;  // another RBM file: redone
  const SweepInputs changed = sweep_inputs(dir, rbm, biasing);
  EXPECT_FALSE(run_sweep_into_folder(dir / "s", o, changed, SweepClassifiers{&classifier, {}, {}}).reused);
  BiasingSet other = test::small_biasing();
  other.lb[3] += 0.25f;  // other biasing vectors: redone
  const SweepInputs rebiased{rbm, dir / "rbm.safetensors", other, nlohmann::json::object(), dir / "clf.safetensors"};
  EXPECT_FALSE(run_sweep_into_folder(dir / "s", o, rebiased, SweepClassifiers{&classifier, {}, {}}).reused);
}

TEST(WholeFolder, MergeRefusesAnOutputThatIsOrHoldsOrLiesInAShard) {
  const fs::path dir = test::temp_dir();
  const BiasingSet biasing = test::small_biasing();
  const SweepRecord record{{{"rbm_sha256", "x"}, {"classifier_sha256", "y"}}, "stand-in", {}};
  SweepOptions o = test::small_options();
  o.set = VectorSet::lb;
  std::vector<fs::path> shards;
  for (int i = 0; i < 2; ++i) {
    SweepOptions s = o;
    s.shard = Shard{i, 2};
    test::StandInClassifier classifier;
    const SweepRun run = run_sweep(test::small_rbm(), biasing, classifier, s);
    shards.push_back(dir / "shards" / std::to_string(i));
    write_sweep_folder(shards.back(), run.data, run.analysis, biasing, record);
  }
  const std::string pred0 = read_file_text(shards[0] / "pred.npy");
  for (const fs::path& out : {shards[0], shards[1] / "merged", dir / "shards", fs::path(shards[0].string() + "/")}) {
    try {
      merge_sweep_folders_into(out, shards);
      FAIL() << "merged into " << out;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("`out`"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("input shard"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(read_file_text(shards[0] / "pred.npy"), pred0);
  EXPECT_FALSE(fs::exists(shards[1] / "merged"));
  merge_sweep_folders_into(dir / "merged", shards);  // a separate folder is fine
  EXPECT_TRUE(fs::exists(dir / "merged" / "pred.npy"));
}

}  // namespace
}  // namespace rbmdyn

namespace rbmdyn {
namespace {

// Sizes that cannot fit are refused with the numbers before anything is allocated (no std::bad_alloc).
TEST(MemoryCheck, HugeChainCountsAreRefusedWithTheNumbers) {
  const fs::path dir = test::temp_dir();
  GenerateJob job = small_generate(dir);
  job.chains = int64_t{1} << 40;
  try {
    generate_chains(job);
    FAIL() << "2^40 chains accepted";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("`chains` 1099511627776"), std::string::npos) << m;
    EXPECT_NE(m.find("GB of host memory"), std::string::npos) << m;
  }
  EXPECT_FALSE(fs::exists(job.out));
  SweepOptions o = test::small_options();
  o.chains = int64_t{1} << 36;
  test::StandInClassifier classifier;
  try {
    run_sweep(test::small_rbm(), test::small_biasing(), classifier, o);
    FAIL() << "2^36 chains per vector accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("GB of host memory"), std::string::npos) << e.what();
  }
}

// The rule behind the host and device checks: refused with both sizes and the memory's kind when the
// request exceeds what is available; an unknown amount (0: no /proc/meminfo, no CUDA device) never refuses.
TEST(MemoryCheck, TheRuleNamesBothSizesAndTheMemoryKind) {
  EXPECT_NO_THROW(require_memory(2e9, 3'000'000'000ull, "device", "`chains`"));
  EXPECT_NO_THROW(require_memory(1e18, 0, "device", "`chains`"));
  try {
    require_memory(12.3e9, 7'900'000'000ull, "device", "`chains`: 5 chains");
    FAIL() << "12.3 GB accepted with 7.9 GB free";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "`chains`: 5 chains needs 12.3 GB of device memory; 7.9 GB are available");
  }
  // Without a CUDA device the free device memory is unknown, so the device check cannot refuse.
  if (cuda_device_count() == 0) {
    EXPECT_NO_THROW(require_device_memory(1e18, "`chains`"));
  }
}

}  // namespace
}  // namespace rbmdyn
