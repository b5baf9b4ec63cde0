// rbmdyn devices: what this build can run on.
#include <cstdio>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "host/core/build_info.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn::cli {

void add_devices_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("devices", "List the devices this build can use");
  add_quiet_flag(*cmd, nullptr, "progress lines");
  cmd->callback([]() {
    std::printf("rbmdyn %s (%s), CUDA %s\n", build_info::version, build_info::git_describe,
                cuda_compiled_in() ? "compiled in" : "not compiled in");
    for (const std::string& line : cuda_library_versions()) std::printf("%s\n", line.c_str());
    std::printf("cpu\n");
    for (const std::string& line : cuda_device_descriptions()) std::printf("%s\n", line.c_str());
    const std::string why = cuda_unavailable_reason();
    if (!why.empty()) std::printf("no CUDA device: %s\n", why.c_str());
  });
}

RBMDYN_REGISTER_COMMAND(200, add_devices_command);

}  // namespace rbmdyn::cli
