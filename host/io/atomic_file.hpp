#pragma once
// Output files are written to a temporary name beside the target, flushed to disk and renamed over it,
// so an interrupted run never leaves a half-written result (the old file, if any, stays intact).
#include <filesystem>
#include <functional>
#include <ostream>
#include <string_view>

namespace rbmdyn {

// Calls `writer` with a stream to a temporary file, then atomically renames it to `path`. Creates the
// parent directory. Throws Error naming `path` on any failure and removes the temporary file.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& writer);

void write_text_atomically(const std::filesystem::path& path, std::string_view text);

}  // namespace rbmdyn
