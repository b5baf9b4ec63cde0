#include "host/data/http_download.hpp"

#include <cstdio>
#include <mutex>

#include <unistd.h>

#include "host/core/build_info.hpp"

#if defined(RBMDYN_HAVE_CURL)
#include <curl/curl.h>
#endif

namespace rbmdyn {

#if defined(RBMDYN_HAVE_CURL)
namespace {

struct Sink {
  std::FILE* file = nullptr;
  CURL* curl = nullptr;
  int64_t offset = 0;  // bytes kept from an earlier try
  bool checked = false;
  bool failed = false;
};

// libcurl's write callback. On the first bytes: a server that answered 200 to a range request sends the
// whole file, so the partial bytes are dropped first.
size_t write_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  if (!sink->checked) {
    sink->checked = true;
    long code = 0;
    curl_easy_getinfo(sink->curl, CURLINFO_RESPONSE_CODE, &code);
    if (sink->offset > 0 && code == 200) {
      // The file is in append mode, so after truncation the next write lands at offset 0.
      if (std::fflush(sink->file) != 0 || ftruncate(fileno(sink->file), 0) != 0) {
        sink->failed = true;
        return 0;
      }
      sink->offset = 0;
    }
  }
  const size_t n = std::fwrite(data, size, count, sink->file);
  if (n != count) sink->failed = true;
  return n * size;
}

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

bool http_download_available() {
  return true;
}

DownloadResult download_to_file(const std::string& url, const std::filesystem::path& part) {
  init_curl_once();
  DownloadResult result;
  std::error_code ec;
  const auto existing = std::filesystem::exists(part, ec) ? std::filesystem::file_size(part, ec) : 0;
  Sink sink;
  sink.offset = ec ? 0 : static_cast<int64_t>(existing);
  sink.file = std::fopen(part.c_str(), "ab");
  if (!sink.file) {
    result.error = part.string() + ": cannot open for writing";
    return result;
  }
  sink.curl = curl_easy_init();
  char message[CURL_ERROR_SIZE] = {0};
  const std::string agent = std::string("rbmdyn/") + build_info::version;
  curl_easy_setopt(sink.curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(sink.curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(sink.curl, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(sink.curl, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(sink.curl, CURLOPT_LOW_SPEED_LIMIT, 1L);  // a stalled transfer fails after 60 s
  curl_easy_setopt(sink.curl, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt(sink.curl, CURLOPT_USERAGENT, agent.c_str());
  curl_easy_setopt(sink.curl, CURLOPT_ERRORBUFFER, message);
  curl_easy_setopt(sink.curl, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(sink.curl, CURLOPT_WRITEDATA, &sink);
  // A plain Range header rather than CURLOPT_RESUME_FROM, which fails outright on a server that answers
  // 200 with the whole file; write_body handles that answer.
  const std::string range = std::to_string(sink.offset) + "-";
  if (sink.offset > 0) curl_easy_setopt(sink.curl, CURLOPT_RANGE, range.c_str());
  const CURLcode code = curl_easy_perform(sink.curl);
  long status = 0;
  curl_easy_getinfo(sink.curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(sink.curl);
  const bool closed = std::fclose(sink.file) == 0;
  result.resumed_from = sink.offset;
  if (sink.failed || !closed) {
    result.error = part.string() + ": write failed (disk full?)";
  } else if (code == CURLE_HTTP_RETURNED_ERROR && status == 416 && sink.offset > 0) {
    result.ok = true;  // "range not satisfiable": the partial file was already complete; the checksum decides
  } else if (code != CURLE_OK) {
    result.error = std::string(message[0] ? message : curl_easy_strerror(code));
  } else {
    result.ok = true;
  }
  return result;
}

#else  // no libcurl in this build

bool http_download_available() {
  return false;
}

DownloadResult download_to_file(const std::string&, const std::filesystem::path&) {
  return {false, "this rbmdyn was built without libcurl", 0};
}

#endif

}  // namespace rbmdyn
