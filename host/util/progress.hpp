#pragma once
// A one-line progress report on a terminal ("train-rbm  37/100  ETA 12s  err 1.23e4"), redrawn in
// place; silent when stderr is not a terminal, so logs stay clean.
#include <chrono>
#include <string>

namespace rbmdyn {

bool stderr_is_terminal();

class ProgressLine {
 public:
  ProgressLine(std::string label, int64_t total, bool enabled = stderr_is_terminal());
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  void update(int64_t done, const std::string& detail = "");
  void finish();  // ends the line (called by the destructor too)

 private:
  std::string label_;
  int64_t total_;
  bool enabled_;
  bool open_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace rbmdyn
