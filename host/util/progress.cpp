#include "host/util/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace rbmdyn {

bool stderr_is_terminal() { return ::isatty(2) == 1; }

ProgressLine::ProgressLine(std::string label, int64_t total, bool enabled)
    : label_(std::move(label)), total_(total), enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

ProgressLine::~ProgressLine() { finish(); }

void ProgressLine::update(int64_t done, const std::string& detail) {
  if (!enabled_) return;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double eta = done > 0 ? elapsed * static_cast<double>(total_ - done) / static_cast<double>(done) : 0.0;
  std::fprintf(stderr, "\r\033[K%s %lld/%lld  %.1fs  ETA %.1fs  %s", label_.c_str(), static_cast<long long>(done),
               static_cast<long long>(total_), elapsed, eta, detail.c_str());
  std::fflush(stderr);
  open_ = true;
}

void ProgressLine::finish() {
  if (open_) std::fprintf(stderr, "\n");
  open_ = false;
}

}  // namespace rbmdyn
