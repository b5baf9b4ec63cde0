#include "host/io/output_folder.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "host/core/error.hpp"
#include "host/io/atomic_file.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

fs::path parent_of(const fs::path& p) {
  const fs::path clean = p.lexically_normal();
  const fs::path parent = (clean.has_filename() ? clean : clean.parent_path()).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

std::string leaf_of(const fs::path& p) {
  const fs::path clean = p.lexically_normal();
  return (clean.has_filename() ? clean : clean.parent_path()).filename().string();
}

std::string staging_prefix(const fs::path& final_path) { return "." + leaf_of(final_path) + ".partial-"; }

// Files an interrupted atomic write leaves (host/io/atomic_file.cpp): never a result, always removable.
bool is_temporary_leftover(const std::string& name) {
  return !name.empty() && name[0] == '.' && name.find(".tmp.") != std::string::npos;
}

[[noreturn]] void fail_out(const std::string& option, const fs::path& path, const std::string& what) {
  fail_input(quote_option(option) + " " + path.string() + ": " + what);
}

// Writes and removes a probe file in `dir` (which exists), so a read-only folder fails now, not later.
void probe_writable(const fs::path& dir, const std::string& option, const fs::path& shown) {
  const fs::path probe = dir / (".rbmdyn-write-test." + std::to_string(::getpid()));
  {
    std::ofstream f(probe, std::ios::binary | std::ios::trunc);
    if (!f) fail_out(option, shown, std::string("cannot write in ") + dir.string() + " (" + std::strerror(errno) + ")");
  }
  std::error_code ec;
  fs::remove(probe, ec);
}

void create_folder(const fs::path& dir, const std::string& option, const fs::path& shown) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) fail_out(option, shown, dir.string() + " is a file, not a folder");
  fs::create_directories(dir, ec);
  if (ec) fail_out(option, shown, "cannot create folder " + dir.string() + " (" + ec.message() + ")");
}

}  // namespace

OwnedName owned_names(std::vector<std::string> exact, std::vector<std::string> prefixes) {
  return [exact = std::move(exact), prefixes = std::move(prefixes)](const std::string& name) {
    for (const std::string& e : exact)
      if (name == e) return true;
    for (const std::string& p : prefixes)
      if (name.rfind(p, 0) == 0) return true;
    return false;
  };
}

void check_output_folder(const fs::path& path, const std::string& option) {
  create_folder(path, option, path);
  probe_writable(path, option, path);
}

void check_output_file(const fs::path& path, const std::string& option) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) fail_out(option, path, "is a folder; expected a file name");
  const fs::path parent = parent_of(path);
  create_folder(parent, option, path);
  probe_writable(parent, option, path);
}

OutputFolder::OutputFolder(fs::path final_path, std::string option, OwnedName owned) : final_(std::move(final_path)) {
  std::error_code ec;
  if (fs::exists(final_, ec)) {
    if (!fs::is_directory(final_, ec)) fail_out(option, final_, "is a file, not a folder");
    for (const auto& e : fs::directory_iterator(final_, ec)) {
      const std::string name = e.path().filename().string();
      if (!owned(name) && !is_temporary_leftover(name))
        fail_out(option, final_, "holds " + name + ", which this command does not write; the folder is replaced " +
                                     "as a whole, so choose a new or empty folder");
    }
  }
  const fs::path parent = parent_of(final_);
  create_folder(parent, option, final_);
  remove_leftovers_of_dead_processes(parent, staging_prefix(final_));
  staging_ = parent / (staging_prefix(final_) + std::to_string(::getpid()));
  fs::remove_all(staging_, ec);
  fs::create_directory(staging_, ec);
  if (ec) fail_out(option, final_, "cannot create " + staging_.string() + " (" + ec.message() + ")");
}

OutputFolder::~OutputFolder() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void OutputFolder::commit() {
  RBMDYN_CHECK(!committed_, "an output folder is committed once");
  kill_point_for_tests(final_);
  std::error_code ec;
  if (fs::exists(final_, ec)) {
    // One atomic swap: readers see the old folder or the new one, never a mix.
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, final_.c_str(), RENAME_EXCHANGE) != 0)
      fail("cannot replace " + final_.string() + " by " + staging_.string() + ": " + std::strerror(errno));
    committed_ = true;
    fs::remove_all(staging_, ec);  // now holds the previous contents
    return;
  }
  fs::rename(staging_, final_, ec);
  if (ec) fail("cannot rename " + staging_.string() + " to " + final_.string() + ": " + ec.message());
  committed_ = true;
}

bool path_is_inside(const fs::path& path, const fs::path& folder) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(fs::absolute(path), ec);
  const fs::path f = fs::weakly_canonical(fs::absolute(folder), ec);
  auto pi = p.begin();
  for (auto fi = f.begin(); fi != f.end(); ++fi, ++pi) {
    if (fi->empty()) continue;  // a trailing separator
    if (pi == p.end() || *pi != *fi) return false;
  }
  return true;
}

}  // namespace rbmdyn
