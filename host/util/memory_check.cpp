#include "host/util/memory_check.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "host/core/error.hpp"

namespace rbmdyn {

uint64_t available_host_memory() {
  std::ifstream f("/proc/meminfo");
  std::string line;
  while (std::getline(f, line)) {
    std::istringstream in(line);
    std::string key;
    uint64_t kib = 0;
    if (in >> key >> kib && key == "MemAvailable:") return kib * 1024;
  }
  return 0;
}

void require_host_memory(double bytes, const std::string& what) {
  const uint64_t available = available_host_memory();
  if (available == 0 || bytes <= static_cast<double>(available)) return;
  char text[160];
  std::snprintf(text, sizeof text, " needs %.3g GB of host memory; %.3g GB are available", bytes / 1e9,
                static_cast<double>(available) / 1e9);
  fail_input(what + text);
}

}  // namespace rbmdyn
