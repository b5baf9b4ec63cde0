#pragma once
// Cooperative interruption: while an InterruptGuard lives, SIGINT and SIGTERM set a flag instead of
// killing the process, so long jobs can stop at a safe point, save their state and exit cleanly.
// A second signal restores the default action (a user pressing Ctrl-C twice gets an immediate stop).
#include <string>

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

// Fault injection for the interruption test (tests/cli/resume_test.py): when the environment variable
// RBMDYN_TEST_SIGNAL_AT equals `point`, the process sends itself SIGINT here, as a user's Ctrl-C would,
// so the test interrupts at a chosen batch however fast the machine is. Unset, it does nothing.
void signal_point_for_tests(const std::string& point);

}  // namespace rbmdyn
