#pragma once
// Output files are written to a temporary name beside the target, flushed to disk and renamed over it,
// so an interrupted run never leaves a half-written result (the old file, if any, stays intact).
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace rbmdyn {

// Calls `writer` with a stream to a temporary file, then atomically renames it to `path`. Creates the
// parent directory. Throws Error naming `path` on any failure and removes the temporary file.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& writer);

void write_text_atomically(const std::filesystem::path& path, std::string_view text);

// Removes the entries of `dir` named `<prefix><pid>` whose process no longer runs: what a killed
// writer left (temporary files here, staging folders in output_folder.cpp). A live process's are kept.
void remove_leftovers_of_dead_processes(const std::filesystem::path& dir, const std::string& prefix);

// Fault injection for the interruption test (tests/cli/resume_test.py): when the environment variable
// RBMDYN_TEST_KILL_AT is set and occurs in `path`, the process kills itself with SIGKILL here. Called
// at the worst moments of a write: a temporary file written but not yet renamed, a staged folder not yet
// swapped in. Unset (always, outside that test), it does nothing.
void kill_point_for_tests(const std::filesystem::path& path);

}  // namespace rbmdyn
