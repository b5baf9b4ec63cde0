// rbmdyn data: validate an MNIST folder and summarise it (counts per class, checksum status).
#include <cstdio>
#include <optional>
#include <string>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "host/data/mnist.hpp"

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
}  // namespace

void add_data_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("data", "Validate an MNIST folder and print a summary");
  add_quiet_flag(*cmd, nullptr, "progress lines");
  auto mnist = std::make_shared<std::optional<std::string>>();
  cmd->add_option("--mnist", *mnist, "MNIST folder (default: $RBMDYN_MNIST)");
  cmd->callback([mnist]() {
    const auto dir = resolve_mnist_dir(*mnist);
    bool all_official = true;
    for (const char* split : {"train", "test"}) {
      const MnistSet set = load_mnist(dir, split);
      print_set(split, set);
      all_official = all_official && set.images.status == ChecksumStatus::official &&
                     set.labels.status == ChecksumStatus::official;
    }
    if (!all_official)
      std::fprintf(stderr, "rbmdyn: warning: some MNIST files are not the official copies (sha256 differs)\n");
  });
}

RBMDYN_REGISTER_COMMAND(10, add_data_command);

}  // namespace rbmdyn::cli
