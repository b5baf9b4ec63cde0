#pragma once
// Cooperative interruption: while an InterruptGuard lives, SIGINT and SIGTERM set a flag instead of
// killing the process, so long jobs can stop at a safe point, save their state and exit cleanly.
// A second signal restores the default action (a user pressing Ctrl-C twice gets an immediate stop).
namespace rbmdyn {

class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  static bool requested();
  static void request();  // for tests: behave as if a signal arrived
  static void clear();
};

}  // namespace rbmdyn
