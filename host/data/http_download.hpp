#pragma once
// One HTTP(S) download into a file, resumable: the bytes already in `part` are kept and only the rest
// is requested (an HTTP Range request); a server that ignores the range sends the whole file, which
// then replaces the partial bytes. libcurl does the HTTP where this build has it (RBMDYN_HAVE_CURL).
#include <cstdint>
#include <filesystem>
#include <string>

namespace rbmdyn {

struct DownloadResult {
  bool ok = false;
  std::string error;         // why it failed, for the user (empty when ok)
  int64_t resumed_from = 0;  // bytes that were already in `part` and kept
};

// True when this build can download (it was linked against libcurl).
bool http_download_available();

// Appends the rest of `url` to `part` (created if missing). Never throws for network or HTTP errors:
// they come back in the result, and `part` keeps what arrived so that the next call resumes.
DownloadResult download_to_file(const std::string& url, const std::filesystem::path& part);

}  // namespace rbmdyn
