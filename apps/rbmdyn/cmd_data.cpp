// rbmdyn data: validate an MNIST folder and summarise it (counts per class, checksum status), or first
// download the official files into it (--fetch, host/data/mnist_fetch.hpp).
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "host/core/error.hpp"
#include "host/data/mnist.hpp"
#include "host/data/mnist_fetch.hpp"

namespace rbmdyn::cli {
namespace {
void print_set(const char* name, const MnistSet& set) {
  std::printf("%s: %lld images, 28x28\n  per class:", name, static_cast<long long>(set.split.count()));
  for (int64_t c : set.split.class_counts()) std::printf(" %lld", static_cast<long long>(c));
  std::printf("\n");
  for (const MnistFileInfo* f : {&set.images, &set.labels})
    std::printf("  %s  sha256 %s  %s\n", f->path.string().c_str(), f->sha256.c_str(),
                f->status == ChecksumStatus::official ? "official" : "UNKNOWN COPY (contents valid, checksum differs)");
}

struct DataArgs {
  std::optional<std::string> mnist;
  std::string fetch;  // folder for --fetch; "" with --fetch given = the default data folder
  std::vector<std::string> mirrors;
};

void run_data(const DataArgs& args, bool fetch) {
  std::optional<std::string> folder = args.mnist;
  if (fetch) {
    const std::filesystem::path dir = args.fetch.empty() ? default_mnist_dir() : std::filesystem::path(args.fetch);
    if (dir.empty()) fail_input("--fetch: no folder given and neither XDG_DATA_HOME nor HOME is set");
    const MnistFetchReport r =
        fetch_mnist(dir, args.mirrors, [](const std::string& line) { std::fprintf(stderr, "  %s\n", line.c_str()); });
    std::printf("MNIST in %s: %zu file(s) downloaded, %zu already present; all four verified (sha256)\n",
                dir.string().c_str(), r.downloaded.size(), r.present.size());
    folder = dir.string();
  }
  const auto dir = resolve_mnist_dir(folder);
  bool all_official = true;
  for (const char* split : {"train", "test"}) {
    const MnistSet set = load_mnist(dir, split);
    print_set(split, set);
    all_official =
        all_official && set.images.status == ChecksumStatus::official && set.labels.status == ChecksumStatus::official;
  }
  if (!all_official)
    std::fprintf(stderr, "rbmdyn: warning: some MNIST files are not the official copies (sha256 differs)\n");
}
}  // namespace

void add_data_command(CLI::App& app) {
  auto* cmd =
      app.add_subcommand("data", "Validate an MNIST folder and print a summary, or download MNIST first (--fetch)");
  add_quiet_flag(*cmd, nullptr, "progress lines");
  auto args = std::make_shared<DataArgs>();
  cmd->add_option("--mnist", args->mnist,
                  "MNIST folder (default: $RBMDYN_MNIST, else " + default_mnist_dir().string() +
                      "); the IDX files, .gz or not, or torchvision's MNIST/raw/ inside it");
  auto* fetch = cmd->add_option("--fetch", args->fetch,
                                "Download the four official MNIST files into this folder (default: " +
                                    default_mnist_dir().string() +
                                    ", which every command looks in), verified by sha256; resumes an interrupted "
                                    "download; files already there and verified are kept")
                    ->expected(0, 1);
  cmd->add_option("--mirror", args->mirrors,
                  "URL prefix to download from instead of the usual mirrors (repeatable; tried in order)");
  cmd->callback([args, fetch]() { run_data(*args, fetch->count() > 0); });
}

RBMDYN_REGISTER_COMMAND(10, add_data_command);

}  // namespace rbmdyn::cli
