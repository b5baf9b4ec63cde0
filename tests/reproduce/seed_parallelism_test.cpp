// Seeds side by side (host/reproduce/seed_parallelism.hpp): the job runner (every job once, at most
// `at_once` together, errors rethrown after all ran) and how many seeds fit on a device.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "host/reproduce/seed_parallelism.hpp"

namespace rbmdyn {
namespace {

TEST(SeedJobs, EveryJobOnceAtMostAtOnceTogether) {
  constexpr int kJobs = 9;
  std::atomic<int> running{0}, most{0};
  std::vector<std::atomic<int>> runs(kJobs);
  // Jobs 0 and 1 wait for each other: they can only finish if they really run at the same time.
  std::mutex m;
  std::condition_variable cv;
  int arrived = 0;
  run_jobs(kJobs, 3, [&](int i) {
    const int now = ++running;
    for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
    }
    ++runs[static_cast<std::size_t>(i)];
    if (i < 2) {
      std::unique_lock<std::mutex> lock(m);
      ++arrived;
      cv.notify_all();
      ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(20), [&] { return arrived == 2; }))
          << "jobs 0 and 1 did not run together";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    --running;
  });
  for (int i = 0; i < kJobs; ++i) EXPECT_EQ(runs[static_cast<std::size_t>(i)].load(), 1) << i;
  EXPECT_GE(most.load(), 2);
  EXPECT_LE(most.load(), 3);
}

TEST(SeedJobs, OneAtATimeRunsInOrderOnTheCallingThread) {
  std::vector<int> order;
  const auto caller = std::this_thread::get_id();
  run_jobs(4, 1, [&](int i) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    order.push_back(i);
  });
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
}

TEST(SeedJobs, AllJobsRunAndTheFirstErrorIsRethrown) {
  for (int at_once : {1, 3}) {
    std::atomic<int> done{0};
    try {
      run_jobs(6, at_once, [&](int i) {
        ++done;
        if (i == 4) throw std::runtime_error("job 4");
        if (i == 2) throw std::runtime_error("job 2");
      });
      ADD_FAILURE() << "no exception";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "job 2");
    }
    EXPECT_EQ(done.load(), 6);
  }
}

TEST(SeedJobs, SeedsThatFitInDeviceMemory) {
  constexpr std::size_t GB = std::size_t{1} << 30;
  EXPECT_EQ(seeds_at_once(Backend::cpu, 5, 100 * GB, GB), 1);
  EXPECT_EQ(seeds_at_once(Backend::cuda, 5, 100 * GB, 3 * GB), 5);    // 26 fit, 5 asked
  EXPECT_EQ(seeds_at_once(Backend::cuda, 40, 100 * GB, 3 * GB), 26);  // ⌊0.8 · 100 / 3⌋
  EXPECT_EQ(seeds_at_once(Backend::cuda, 40, 0, 3 * GB), 1);          // unknown or full: one at a time
  EXPECT_EQ(seeds_at_once(Backend::cuda, 40, 100 * GB, 3 * GB, 2), 2);
  EXPECT_EQ(seeds_at_once(Backend::cpu, 3, 0, 0, 8), 3);  // a request is clamped to the seeds
}

TEST(SeedJobs, DeviceMemoryEstimateOfOneSeed) {
  // The paper classifier (batch 2048) dominates: 539,659 activation floats per image (input 1024;
  // per block 2 convs × 2 buffers × C·side² plus the pooled output; fc 2 × (4096 + 4096); 11 outputs)
  // → 4.42 GB; plus 29.9 M parameters, the readout (60000 × 1784), the chains (10000 × (784 + 3000 +
  // 300)) and CD-1 state: 1.29e9 floats × 4 B × 1.25 ≈ 6.4 GB.
  const double paper = static_cast<double>(seed_device_bytes(ClassifierArch::paper(), 2048, 10000, 100, 60000));
  EXPECT_NEAR(paper / 1e9, 6.43, 0.1);
  // The small classifier has 65,163 activation floats per image (133 M for the batch): the readout and
  // the chains dominate, 2.85e8 floats → 1.43 GB.
  const std::size_t small = seed_device_bytes(ClassifierArch::small(), 2048, 10000, 100, 60000);
  EXPECT_NEAR(static_cast<double>(small) / 1e9, 1.43, 0.05);
  EXPECT_GT(seed_device_bytes(ClassifierArch::small(), 2048, 20000, 100, 60000), small);
}

}  // namespace
}  // namespace rbmdyn
