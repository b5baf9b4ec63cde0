#pragma once
// `rbmdyn data --fetch DIR`: the four official MNIST files downloaded into DIR from the usual mirrors,
// each verified against its official sha256 before it takes its final name. A download goes into
// `<file>.part` and is renamed only when complete and verified, so DIR never holds a wrong or partial
// MNIST file under the real name; an interrupted download resumes from its .part on the next run, a
// corrupted one (checksum mismatch) is deleted and the next mirror is tried. Files already present and
// verified are not downloaded again.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace rbmdyn {

// The mirrors tried in order (the ones torchvision and TensorFlow use), each a URL prefix ending in '/'.
const std::vector<std::string>& default_mnist_mirrors();

// The four gzip files, training set first.
const std::vector<std::string>& mnist_gz_names();

struct MnistFetchReport {
  std::vector<std::string> downloaded;  // file names fetched by this call
  std::vector<std::string> present;     // file names already there and verified
};

// Fetches into `dir` (created if missing) from `mirrors` (default_mnist_mirrors() when empty); `log`
// receives one line per action. InputError listing every mirror's failure when a file cannot be had.
MnistFetchReport fetch_mnist(const std::filesystem::path& dir, std::vector<std::string> mirrors,
                             const std::function<void(const std::string&)>& log);

}  // namespace rbmdyn
