#include "host/io/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "host/core/error.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {
void fsync_path(const fs::path& path, const fs::path& target) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) fail("cannot reopen " + path.string() + " to flush " + target.string());
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) fail("cannot flush " + target.string() + ": " + std::strerror(errno));
}
}  // namespace

void write_file_atomically(const fs::path& path, const std::function<void(std::ostream&)>& writer) {
  const fs::path parent = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) fail("cannot create directory " + parent.string() + " for " + path.string() + ": " + ec.message());

  const fs::path tmp = parent / ("." + path.filename().string() + ".tmp." + std::to_string(::getpid()));
  try {
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) fail("cannot open " + tmp.string() + " for writing: " + std::strerror(errno));
      writer(out);
      out.flush();
      if (!out) fail("write to " + tmp.string() + " failed (disk full?)");
    }
    fsync_path(tmp, path);
    kill_point_for_tests(path);
    fs::rename(tmp, path, ec);
    if (ec) fail("cannot rename " + tmp.string() + " to " + path.string() + ": " + ec.message());
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
}

void kill_point_for_tests(const fs::path& path) {
  const char* at = std::getenv("RBMDYN_TEST_KILL_AT");
  if (at != nullptr && *at != '\0' && path.string().find(at) != std::string::npos) ::raise(SIGKILL);
}

void write_text_atomically(const fs::path& path, std::string_view text) {
  write_file_atomically(path, [&](std::ostream& out) { out.write(text.data(), static_cast<std::streamsize>(text.size())); });
}

}  // namespace rbmdyn
