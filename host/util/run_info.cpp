#include "host/util/run_info.hpp"

#include <unistd.h>

#include <chrono>
#include <ctime>

#include "host/core/build_info.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn {

nlohmann::json run_environment() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return {{"engine_version", build_info::version},
          {"engine_commit", build_info::git_describe},
          {"build_type", build_info::build_type},
          {"cuda_compiled_in", cuda_compiled_in()},
          {"cuda_devices", cuda_device_descriptions()},
          {"host", host},
          {"time_utc", stamp}};
}

}  // namespace rbmdyn
