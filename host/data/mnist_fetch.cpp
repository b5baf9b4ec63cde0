#include "host/data/mnist_fetch.hpp"

#include "host/core/error.hpp"
#include "host/data/http_download.hpp"
#include "host/data/mnist.hpp"
#include "host/io/sha256.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

const std::vector<std::string>& default_mnist_mirrors() {
  static const std::vector<std::string> mirrors = {
      "https://ossci-datasets.s3.amazonaws.com/mnist/",
      "https://storage.googleapis.com/cvdf-datasets/mnist/",
      "http://yann.lecun.com/exdb/mnist/",
  };
  return mirrors;
}

const std::vector<std::string>& mnist_gz_names() {
  static const std::vector<std::string> names = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                                                 "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};
  return names;
}

namespace {

// One file from the first mirror that gives the right bytes; returns false with the reasons in `errors`.
// A mismatch after a resumed transfer may come from stale partial bytes, so that mirror is retried once
// from scratch before the next one.
bool fetch_one(const fs::path& dir, const std::string& name, const std::string& official,
               const std::vector<std::string>& mirrors, const std::function<void(const std::string&)>& log,
               std::vector<std::string>& errors) {
  const fs::path target = dir / name, part = dir / (name + ".part");
  for (const std::string& mirror : mirrors) {
    const std::string url = mirror + name;
    for (int attempt = 0; attempt < 2; ++attempt) {
      const DownloadResult r = download_to_file(url, part);
      log(name + ": " + url + (r.resumed_from > 0 ? " (resumed at byte " + std::to_string(r.resumed_from) + ")" : "") +
          (r.ok ? "" : ": " + r.error));
      if (!r.ok) {
        errors.push_back(url + ": " + r.error);
        break;  // keep the partial bytes: the next mirror (or the next run) resumes
      }
      const std::string sha = sha256_file_hex(part);
      if (sha == official) {
        fs::rename(part, target);  // atomic within the folder: the real name only ever holds verified bytes
        return true;
      }
      fs::remove(part);
      errors.push_back(url + ": sha256 " + sha + " is not the official " + official + " (corrupted; deleted)");
      if (r.resumed_from == 0) break;
    }
  }
  return false;
}

}  // namespace

MnistFetchReport fetch_mnist(const fs::path& dir, std::vector<std::string> mirrors,
                             const std::function<void(const std::string&)>& log) {
  if (mirrors.empty()) mirrors = default_mnist_mirrors();
  for (std::string& m : mirrors)
    if (m.empty() || m.back() != '/') m += '/';
  if (!http_download_available())
    fail_input(
        "this rbmdyn was built without libcurl, so it cannot download: install libcurl4-openssl-dev "
        "(scripts/setup.sh) and rebuild, or download the four files from " +
        default_mnist_mirrors().front() + " into " + dir.string());
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir)) fail_input("--fetch: cannot create the folder " + dir.string());

  MnistFetchReport report;
  for (const std::string& name : mnist_gz_names()) {
    const std::string official = official_mnist_sha256(name);
    const fs::path target = dir / name;
    if (fs::exists(target)) {
      const std::string sha = sha256_file_hex(target);
      if (sha != official)
        fail_input(target.string() + " exists but is not the official file (sha256 " + sha +
                   "); move it away and fetch again");
      log(name + ": already present, sha256 verified");
      report.present.push_back(name);
      continue;
    }
    std::vector<std::string> errors;
    if (!fetch_one(dir, name, official, mirrors, log, errors)) {
      std::string message = "could not download " + name + " into " + dir.string() + ":";
      for (const std::string& e : errors) message += "\n  " + e;
      if (fs::exists(dir / (name + ".part"))) message += "\n  the partial download is kept; run again to resume";
      fail_input(message);
    }
    report.downloaded.push_back(name);
  }
  return report;
}

}  // namespace rbmdyn
