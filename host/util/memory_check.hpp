#pragma once
// Sizes checked against the machine before anything is allocated, so an impossible request (a huge
// `chains`, shape or group count) is an error with the numbers, not a std::bad_alloc or the OOM killer.
#include <cstdint>
#include <string>

namespace rbmdyn {

// Bytes of host memory available now (MemAvailable of /proc/meminfo); 0 when it cannot be read.
uint64_t available_host_memory();

// InputError "<what> needs 12.3 GB of host memory; 7.9 GB are available" when `bytes` exceeds the
// available memory (no check when it is unknown). `what` names the options that set the size.
void require_host_memory(double bytes, const std::string& what);

// The same for the current CUDA device's free memory (no check without CUDA or without a device).
void require_device_memory(double bytes, const std::string& what);

// The rule both use: InputError "<what> needs … GB of <kind> memory; … GB are available" when `bytes`
// exceeds `available` (0 = unknown: no check).
void require_memory(double bytes, uint64_t available, const std::string& kind, const std::string& what);

}  // namespace rbmdyn
