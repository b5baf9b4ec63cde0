// Classifier model files (`--classifier`): tensors of the architecture recorded in the metadata.
#include "tests/fuzz/fixtures.hpp"

namespace rbmdyn::fuzz {
namespace {
Outcome run(const uint8_t* data, std::size_t size) {
  return load_as_file("classifier", "classifier.safetensors", data, size,
                      [](const auto& path) { (void)load_classifier(path); });
}
std::vector<Bytes> seeds() {
  return {written_by([](const auto& path) { save_classifier(path, tiny_classifier(), {{"epoch", "1"}}); })};
}
}  // namespace
RBMDYN_FUZZ_TARGET(classifier, run, seeds);
}  // namespace rbmdyn::fuzz
