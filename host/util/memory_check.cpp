#include "host/util/memory_check.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "host/core/error.hpp"
#include "host/runtime/device.hpp"

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

void require_memory(double bytes, uint64_t available, const std::string& kind, const std::string& what) {
  if (available == 0 || bytes <= static_cast<double>(available)) return;
  char text[160];
  std::snprintf(text, sizeof text, " needs %.3g GB of %s memory; %.3g GB are available", bytes / 1e9, kind.c_str(),
                static_cast<double>(available) / 1e9);
  fail_input(what + text);
}

void require_host_memory(double bytes, const std::string& what) {
  require_memory(bytes, available_host_memory(), "host", what);
}

void require_device_memory(double bytes, const std::string& what) {
  require_memory(bytes, cuda_free_bytes(), "device", what);
}

}  // namespace rbmdyn
