#pragma once
// The record of one stage of a resumable run (`reproduce`): what it was made from and what it wrote,
// in <out>/stages/<name>.json, so that a rerun of the same command after an interruption skips the
// stages that finished and redoes those whose inputs changed.
//
//   {"stage": name, "inputs": {...}, "done": false}                         written when the stage starts
//   {"stage": name, "inputs": {...}, "done": true,
//    "outputs": {"<path relative to out>": "<sha256>", ...}, "result": {...}} written when it has finished
//
// `inputs` holds everything the stage's result depends on: its options (configs as JSON) and the
// SHA-256 of its input files or data. A stage is done when its record says so, the inputs are equal
// and every output file still has the recorded SHA-256; "started" (same inputs, not done) means a
// checkpoint the stage left may be resumed.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rbmdyn {

// SHA-256 of every file below `paths` (files or folders, relative to `out`), by generic relative path.
nlohmann::json files_sha256(const std::filesystem::path& out, const std::vector<std::filesystem::path>& paths);

class StageRecord {
 public:
  // `outputs`: files or folders (every file below them is hashed), relative to `out`.
  StageRecord(const std::filesystem::path& out, std::string name, nlohmann::json inputs,
              std::vector<std::filesystem::path> outputs);

  bool done() const { return done_; }
  bool started() const { return started_; }  // same inputs, not finished: a checkpoint may be resumed
  const nlohmann::json& result() const { return result_; }  // what finish() stored (when done)

  void start();
  void finish(const nlohmann::json& result = nlohmann::json::object());

 private:
  std::filesystem::path out_, file_;
  std::string name_;
  nlohmann::json inputs_, result_;
  std::vector<std::filesystem::path> outputs_;
  bool done_ = false, started_ = false;
};

}  // namespace rbmdyn
