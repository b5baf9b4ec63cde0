#include "host/reproduce/stage_record.hpp"

#include <algorithm>

#include "host/io/atomic_file.hpp"
#include "host/io/read_file.hpp"
#include "host/io/sha256.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

// The record on disk, or null when missing or unreadable (a stage without a record is redone).
nlohmann::json read_record(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return nullptr;
  try {
    const std::vector<uint8_t> bytes = read_file_bytes(file);
    return nlohmann::json::parse(bytes.begin(), bytes.end());
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

nlohmann::json files_sha256(const fs::path& out_, const std::vector<fs::path>& paths) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const fs::path& o : paths) {
    const fs::path p = out_ / o;
    if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(p, ec))
        if (e.is_regular_file()) files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  nlohmann::json hashes = nlohmann::json::object();
  for (const fs::path& f : files) hashes[fs::relative(f, out_).generic_string()] = sha256_file_hex(f);
  return hashes;
}

StageRecord::StageRecord(const fs::path& out, std::string name, nlohmann::json inputs, std::vector<fs::path> outputs)
    : out_(out), file_(out / "stages" / (name + ".json")), name_(std::move(name)), inputs_(std::move(inputs)),
      outputs_(std::move(outputs)) {
  const nlohmann::json r = read_record(file_);
  if (!r.is_object() || r.value("inputs", nlohmann::json()) != inputs_) return;
  if (!r.value("done", false)) {
    started_ = true;
    return;
  }
  if (r.value("outputs", nlohmann::json()) != files_sha256(out_, outputs_)) return;  // an output was changed or removed
  done_ = true;
  result_ = r.value("result", nlohmann::json::object());
}

void StageRecord::start() {
  const nlohmann::json r = {{"stage", name_}, {"inputs", inputs_}, {"done", false}};
  write_text_atomically(file_, r.dump(2) + "\n");
  started_ = true;
  done_ = false;
}

void StageRecord::finish(const nlohmann::json& result) {
  const nlohmann::json r = {
      {"stage", name_}, {"inputs", inputs_}, {"done", true}, {"outputs", files_sha256(out_, outputs_)}, {"result", result}};
  write_text_atomically(file_, r.dump(2) + "\n");
  done_ = true;
  result_ = result;
}

}  // namespace rbmdyn
