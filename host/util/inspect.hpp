#pragma once
// `rbmdyn inspect PATH`: what an rbmdyn file or output folder is, read without running anything —
// its kind (RBM, RBM checkpoint, classifier, classifier checkpoint, NPY array, or a biasing, generate,
// classify, analysis, sweep, non-digit or reproduce folder), its tensors' or arrays' dtypes and shapes,
// the options and inputs it was made from (as recorded in the file's metadata or the folder's
// config.json / summary.json), and sha256 hashes. Only the file formats are needed (host/io), so any
// rbmdyn output can be inspected, whatever made it.
#include <filesystem>
#include <nlohmann/json.hpp>

namespace rbmdyn {

// The description as JSON: {"path", "kind", ...}. InputError naming the path for a missing, unreadable
// or unrecognised file or folder, or a corrupt one (what the format readers report).
nlohmann::json inspect_path(const std::filesystem::path& path);

}  // namespace rbmdyn
