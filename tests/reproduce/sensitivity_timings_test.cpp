// Timings of a sensitivity cache accumulated over invocations (host/reproduce/sensitivity_timings.hpp).
#include <gtest/gtest.h>

#include "host/reproduce/sensitivity_timings.hpp"

namespace rbmdyn {
namespace {

using nlohmann::json;

json run_of(const std::string& key, double seconds) {
  return {{"key", key}, {"seconds", seconds}};
}

TEST(SensitivityTimings, FirstInvocationKeepsItsEntries) {
  const json now = {{"rbm_training", {{{"file", "rbms/a.safetensors"}, {"seconds", 40.0}}}},
                    {"classifier_training", json::array()},
                    {"chain_runs", {run_of("run-1", 90.0)}}};
  const json t = accumulate_timings(nullptr, now, 150.5, "2026-01-01T00:00:00Z");
  ASSERT_EQ(t["rbm_training"].size(), 1u);
  EXPECT_EQ(t["rbm_training"][0]["seconds"], 40.0);
  EXPECT_EQ(t["classifier_training"].size(), 0u);
  ASSERT_EQ(t["chain_runs"].size(), 1u);
  ASSERT_EQ(t["invocations"].size(), 1u);
  EXPECT_EQ(t["invocations"][0]["utc"], "2026-01-01T00:00:00Z");
  EXPECT_DOUBLE_EQ(t["total_seconds"].get<double>(), 150.5);
}

// A rerun over a complete cache makes nothing: the earlier entries stay, the invocations add up.
TEST(SensitivityTimings, CachedRerunKeepsEarlierEntries) {
  const json first =
      accumulate_timings(nullptr, {{"chain_runs", {run_of("run-1", 90.0), run_of("run-2", 60.0)}}}, 200.0, "t1");
  const json again = accumulate_timings(first, json::object(), 2.0, "t2");
  ASSERT_EQ(again["chain_runs"].size(), 2u);
  EXPECT_EQ(again["chain_runs"][1]["key"], "run-2");
  ASSERT_EQ(again["invocations"].size(), 2u);
  EXPECT_DOUBLE_EQ(again["total_seconds"].get<double>(), 202.0);
}

// An item made again (its cache entry deleted) replaces its earlier entry instead of being counted twice.
TEST(SensitivityTimings, RemadeItemReplacesItsEntry) {
  const json first =
      accumulate_timings(nullptr, {{"chain_runs", {run_of("run-1", 90.0), run_of("run-2", 60.0)}}}, 200.0, "t1");
  const json again = accumulate_timings(first, {{"chain_runs", {run_of("run-1", 95.0)}}}, 100.0, "t2");
  ASSERT_EQ(again["chain_runs"].size(), 2u);
  EXPECT_EQ(again["chain_runs"][0]["key"], "run-2");
  EXPECT_EQ(again["chain_runs"][1]["seconds"], 95.0);
}

// sensitivity.json of earlier versions: one total, no invocation list.
TEST(SensitivityTimings, ReadsTheEarlierFormatAsOneInvocation) {
  const json old = {{"rbm_training", json::array()},
                    {"classifier_training", json::array()},
                    {"chain_runs", {run_of("run-1", 90.0)}},
                    {"total_seconds_this_run", 300.0}};
  const json t = accumulate_timings(old, json::object(), 1.0, "t2");
  ASSERT_EQ(t["invocations"].size(), 2u);
  EXPECT_DOUBLE_EQ(t["total_seconds"].get<double>(), 301.0);
  EXPECT_FALSE(t.contains("total_seconds_this_run"));
  EXPECT_EQ(t["chain_runs"].size(), 1u);
}

}  // namespace
}  // namespace rbmdyn
