#pragma once
// Progress of the stages of a long job on stdout, one line each, timed from the log's creation:
// "[reproduce   12.3s] seed 1: training the RBM (100 epochs)". Safe to call from several threads.
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace rbmdyn {

class StageLog {
 public:
  explicit StageLog(std::string name) : name_(std::move(name)) {}
  void operator()(const std::string& what) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    std::printf("[%s %7.1fs] %s\n", name_.c_str(), seconds(), what.c_str());
    std::fflush(stdout);
  }
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

 private:
  std::string name_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  mutable std::mutex mutex_;
};

}  // namespace rbmdyn
