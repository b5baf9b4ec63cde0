#pragma once
// A command's output folder, written whole. The run writes into a staging folder beside the final one
// (`<parent>/.<name>.partial-<pid>`); commit() swaps it in with one atomic rename (renameat2
// RENAME_EXCHANGE), then deletes the previous contents. So a rerun into an existing folder leaves no
// stale file of an earlier run, and an interrupted run (even SIGKILL) leaves the old folder as it was,
// never a mix. Staging folders left by a killed process are removed by the next run into that folder.
//
// The checks run in the constructor, before any long computation: the final path must not be a file,
// an existing folder may hold only files this command writes (so `--out .` never deletes a user's
// files), and the parent must be writable (the staging folder is created there). Each failure is an
// InputError naming the option (`out`) and the path.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace rbmdyn {

// Whether a file name (not a path) inside the folder is one the command writes.
using OwnedName = std::function<bool(const std::string& name)>;

// Owned names from a list of exact names and of prefixes (e.g. "grid_").
OwnedName owned_names(std::vector<std::string> exact, std::vector<std::string> prefixes = {});

class OutputFolder {
 public:
  OutputFolder(std::filesystem::path final_path, std::string option, OwnedName owned);
  ~OutputFolder();  // removes the staging folder unless committed
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  const std::filesystem::path& staging() const { return staging_; }
  const std::filesystem::path& final_path() const { return final_; }
  // Makes the staging folder the final one; the previous folder's contents are removed.
  void commit();

 private:
  std::filesystem::path final_, staging_;
  bool committed_ = false;
};

// The checks of the constructor without staging anything, for a folder kept across runs (`reproduce`):
// `path` is not a file, it can be created, and a file can be written in it.
void check_output_folder(const std::filesystem::path& path, const std::string& option);
// The same for an output file: `path` is not a folder and a file can be written beside it.
void check_output_file(const std::filesystem::path& path, const std::string& option);

// True when `path` is `folder` or lies inside it (after resolving both; for inputs that must not be
// overwritten by an output).
bool path_is_inside(const std::filesystem::path& path, const std::filesystem::path& folder);

}  // namespace rbmdyn
