#include "host/util/interrupt.hpp"

#include <atomic>
#include <csignal>
#include <cstdlib>

namespace rbmdyn {
namespace {
std::atomic<bool> g_requested{false};
void (*g_old_int)(int) = SIG_DFL;
void (*g_old_term)(int) = SIG_DFL;

extern "C" void on_signal(int sig) {
  g_requested.store(true);
  std::signal(sig, SIG_DFL);
}
}  // namespace

InterruptGuard::InterruptGuard() {
  g_requested.store(false);
  g_old_int = std::signal(SIGINT, on_signal);
  g_old_term = std::signal(SIGTERM, on_signal);
}

InterruptGuard::~InterruptGuard() {
  std::signal(SIGINT, g_old_int);
  std::signal(SIGTERM, g_old_term);
}

bool InterruptGuard::requested() { return g_requested.load(); }
void InterruptGuard::request() { g_requested.store(true); }
void InterruptGuard::clear() { g_requested.store(false); }

void signal_point_for_tests(const std::string& point) {
  const char* at = std::getenv("RBMDYN_TEST_SIGNAL_AT");
  if (at != nullptr && point == at) std::raise(SIGINT);
}

}  // namespace rbmdyn
