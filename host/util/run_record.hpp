#pragma once
// The run record every command writes beside its outputs (`<model>.run.json` for a file, `run.json` in
// a folder; a sweep's config.json holds the same fields): what was run, with which fully resolved
// options, from which inputs (absolute paths and sha256), by which engine on which device. Enough to
// tell two results apart and to run one again.
//
//   {"command": "train-rbm", "options": {...}, "device": "cpu",
//    "inputs": [{"role": "mnist train images", "path": "/abs/…", "sha256": "…"}, ...],
//    "engine": run_environment()}
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/runtime/device.hpp"

namespace rbmdyn {

struct RunInput {
  std::string role;             // e.g. "rbm", "mnist train images"
  std::filesystem::path path;   // as given; recorded absolute
  std::string sha256;           // hex; computed from the file when empty
};

nlohmann::json run_record(const std::string& command, const nlohmann::json& options, const std::vector<RunInput>& inputs,
                          Backend device);

// `model.safetensors` -> `model.run.json`: the run record beside a model file.
std::filesystem::path run_record_path(const std::filesystem::path& model);

// Writes the record atomically to `path` (pretty-printed JSON).
void write_run_record(const std::filesystem::path& path, const nlohmann::json& record);

}  // namespace rbmdyn
