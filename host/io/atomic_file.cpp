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

  const std::string prefix = "." + path.filename().string() + ".tmp.";
  remove_leftovers_of_dead_processes(parent, prefix);
  const fs::path tmp = parent / (prefix + std::to_string(::getpid()));
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

void remove_leftovers_of_dead_processes(const fs::path& dir, const std::string& prefix) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string pid_text = name.substr(prefix.size());
    if (pid_text.empty() || pid_text.size() > 10 || pid_text.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const long long pid = std::stoll(pid_text);
    if (pid > 0 && pid <= 0x7fffffff && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
      fs::remove_all(e.path(), ec);
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
