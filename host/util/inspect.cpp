#include "host/util/inspect.hpp"

#include <algorithm>
#include <fstream>
#include <vector>

#include "host/core/error.hpp"
#include "host/io/npy.hpp"
#include "host/io/read_file.hpp"
#include "host/io/safetensors.hpp"
#include "host/io/sha256.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

// Metadata values that hold JSON (options, architecture, history) are shown as JSON, others as text.
nlohmann::json metadata_value(const std::string& text) {
  if (!text.empty() && (text.front() == '{' || text.front() == '[')) {
    nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) return parsed;
  }
  return text;
}

const char* safetensors_kind(const std::string& format) {
  if (format == "rbmdyn.rbm") return "RBM";
  if (format == "rbmdyn.rbm_checkpoint") return "RBM checkpoint (train-rbm --resume)";
  if (format == "rbmdyn.classifier") return "classifier";
  if (format == "rbmdyn.classifier_checkpoint") return "classifier checkpoint (train-classifier --resume)";
  return "safetensors file not written by rbmdyn";
}

nlohmann::json inspect_safetensors(const fs::path& path) {
  const SafetensorsFile file = load_safetensors(path);
  const auto format = file.metadata.find("format");
  nlohmann::json tensors = nlohmann::json::object(), metadata = nlohmann::json::object();
  for (const auto& [name, t] : file.tensors) tensors[name] = {{"dtype", t.dtype}, {"shape", t.shape}};
  for (const auto& [key, value] : file.metadata) metadata[key] = metadata_value(value);
  return {{"kind", safetensors_kind(format == file.metadata.end() ? "" : format->second)},
          {"tensors", tensors},
          {"metadata", metadata}};
}

nlohmann::json inspect_npy(const fs::path& path) {
  const NpyArray a = load_npy_raw(path);
  return {{"kind", "NPY array"}, {"dtype", a.descr}, {"shape", a.shape}, {"elements", a.element_count()}};
}

bool is_npy(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[6] = {};
  in.read(magic, sizeof magic);
  return in.gcount() == 6 && std::string(magic, 6) == "\x93NUMPY";
}

nlohmann::json read_json(const fs::path& path) {
  const std::vector<uint8_t> bytes = read_file_bytes(path);
  nlohmann::json j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) fail_input(path.string() + ": not valid JSON");
  return j;
}

// Every NPY array in the folder: dtype, shape, sha256.
nlohmann::json folder_arrays(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".npy") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  nlohmann::json arrays = nlohmann::json::object();
  for (const fs::path& f : files) {
    const NpyArray a = load_npy_raw(f);
    arrays[f.filename().string()] = {{"dtype", a.descr}, {"shape", a.shape}, {"sha256", sha256_file_hex(f)}};
  }
  return arrays;
}

// The folder's kind from the files only that command writes.
std::string folder_kind(const fs::path& dir, const nlohmann::json& config) {
  const auto has = [&](const char* name) { return fs::exists(dir / name); };
  if (config.is_object() && config.value("format", "") == "rbmdyn.sweep") return "sweep folder";
  if (has("report.json")) return "reproduce folder";
  if (has("lb.npy") && has("intersection.npy")) return "biasing folder";
  if (has("kept_steps.npy")) return "generate folder";
  if (has("classes.npy")) return "classify folder";
  if (has("groups.csv") && has("chain_visited.npy")) return "analysis folder";
  if (has("types.npy") && has("images.npy")) return "non-digit folder";
  fail_input(dir.string() +
             ": not a folder rbmdyn wrote (expected the files of a sweep, biasing, generate, classify, analyze, "
             "nondigits or reproduce output)");
}

nlohmann::json inspect_folder(const fs::path& dir) {
  const nlohmann::json config = fs::exists(dir / "config.json") ? read_json(dir / "config.json") : nlohmann::json();
  nlohmann::json out = {{"kind", folder_kind(dir, config)}};
  if (!config.is_null()) out["config.json"] = config;  // options, inputs with sha256, environment
  for (const char* record : {"summary.json", "nondigits.json", "report.json"})
    if (fs::exists(dir / record)) {
      nlohmann::json j = read_json(dir / record);
      // The options and inputs it was made from; the (large) result tables stay in the file.
      nlohmann::json kept = nlohmann::json::object();
      for (const char* key : {"config", "options", "inputs", "environment", "k", "n_hidden", "command", "classifier",
                              "classifier_arch", "images", "n", "n_chains", "n_steps", "n_groups", "device"})
        if (j.is_object() && j.contains(key)) kept[key] = j[key];
      out[record] = kept;
    }
  out["arrays"] = folder_arrays(dir);
  return out;
}

}  // namespace

nlohmann::json inspect_path(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) fail_input(path.string() + ": no such file or folder");
  nlohmann::json out;
  if (fs::is_directory(path, ec)) {
    out = inspect_folder(path);
  } else if (is_npy(path)) {
    out = inspect_npy(path);
    out["sha256"] = sha256_file_hex(path);
  } else if (path.extension() == ".safetensors") {
    out = inspect_safetensors(path);
    out["sha256"] = sha256_file_hex(path);
  } else {
    fail_input(path.string() +
               ": not a file rbmdyn knows (expected a .safetensors model or checkpoint, an .npy "
               "array, or an output folder)");
  }
  out["path"] = fs::absolute(path).lexically_normal().string();
  if (fs::is_regular_file(path, ec)) out["bytes"] = fs::file_size(path);
  return out;
}

}  // namespace rbmdyn
