#pragma once
// What produced a result: engine version and commit, build, devices, host, time. Every command that
// writes an output folder records this (with its fully resolved options) in its config/summary JSON.
#include <nlohmann/json.hpp>

namespace rbmdyn {

nlohmann::json run_environment();

}  // namespace rbmdyn
