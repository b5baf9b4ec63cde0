// The classifier trainer's checkpoint (`train-classifier --resume`): current and best model, JSON
// metadata (architecture, config, state, history).
#include "tests/fuzz/fixtures.hpp"

namespace rbmdyn::fuzz {
namespace {
Outcome run(const uint8_t* data, std::size_t size) {
  return load_as_file("classifier_checkpoint", "classifier.ckpt.safetensors", data, size,
                      [](const auto& path) { (void)load_classifier_checkpoint(path); });
}
std::vector<Bytes> seeds() {
  return {written_by([](const auto& path) { save_classifier_checkpoint(path, tiny_classifier_checkpoint(), "cpu"); })};
}
}  // namespace
RBMDYN_FUZZ_TARGET(classifier_checkpoint, run, seeds);
}  // namespace rbmdyn::fuzz
