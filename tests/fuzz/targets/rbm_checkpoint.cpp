// The RBM trainer's checkpoint (`train-rbm --resume`): tensors plus JSON metadata (config, history).
#include "tests/fuzz/fixtures.hpp"

namespace rbmdyn::fuzz {
namespace {
Outcome run(const uint8_t* data, std::size_t size) {
  return load_as_file("rbm_checkpoint", "rbm.ckpt.safetensors", data, size,
                      [](const auto& path) { (void)load_checkpoint(path); });
}
std::vector<Bytes> seeds() {
  return {written_by([](const auto& path) { save_checkpoint(path, tiny_rbm_checkpoint(), Backend::cpu); })};
}
}  // namespace
RBMDYN_FUZZ_TARGET(rbm_checkpoint, run, seeds);
}  // namespace rbmdyn::fuzz
