// Writes the seed corpus of every fuzz target: <out>/<target>/seed-<i>, valid inputs made by the
// project's own writers (tests/fuzz/fixtures.hpp). Run at build time; nothing large is committed.
//   rbmdyn_fuzz_seeds OUT_DIR
//   rbmdyn_fuzz_seeds --fixtures OUT_DIR   the same valid inputs as plain files and folders (rbm,
//       classifiers for 4×4 and 32×32 inputs, both checkpoints, a biasing folder, two sweep shards, an
//       MNIST folder), which tests/fuzz/bad_input_table.py corrupts to record what the CLI says (docs/reliability.md)
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "tests/fuzz/fixtures.hpp"

namespace {
namespace fs = std::filesystem;
using namespace rbmdyn;
using namespace rbmdyn::fuzz;

void write_fixtures(const fs::path& dir) {
  fs::create_directories(dir / "mnist");
  save_rbm(dir / "rbm.safetensors", tiny_rbm());
  save_rbm(dir / "rbm784.safetensors", Rbm::initialized(784, 6, 1, 0.1f));  // fits the biasing folder
  save_checkpoint(dir / "rbm.ckpt.safetensors", tiny_rbm_checkpoint(), Backend::cpu);
  save_classifier(dir / "classifier.safetensors", tiny_classifier());
  ClassifierArch sample_arch = tiny_arch();  // 1×32×32 inputs: one that can label RBM samples (classify)
  sample_arch.input_side = 32;
  save_classifier(dir / "classifier32.safetensors", ClassifierModel::initialized(sample_arch, 7));
  save_classifier_checkpoint(dir / "classifier.ckpt.safetensors", tiny_classifier_checkpoint(), "cpu");
  save_biasing_set(dir / "biasing", tiny_biasing(6), {});
  write_tiny_shards(dir / "shards");
  for (const char* split : {"train", "t10k"}) {
    write_file(dir / "mnist" / (std::string(split) + "-images-idx3-ubyte.gz"), gzip(idx_images(3)));
    write_file(dir / "mnist" / (std::string(split) + "-labels-idx1-ubyte"), idx_labels({7, 0, 9}));
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--fixtures") == 0) {
    write_fixtures(argv[2]);
    return 0;
  }
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s [--fixtures] OUT_DIR\n", argv[0]);
    return 2;
  }
  for (const Target& t : registry()) {
    const fs::path dir = fs::path(argv[1]) / t.name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    const auto seeds = t.seeds();
    for (std::size_t i = 0; i < seeds.size(); ++i) write_file(dir / ("seed-" + std::to_string(i)), seeds[i]);
    std::printf("%-22s %zu seeds\n", t.name, seeds.size());
  }
  return 0;
}
