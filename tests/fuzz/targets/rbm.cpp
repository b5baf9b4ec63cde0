// RBM model files (safetensors W, b_v, b_h) as every command that takes --rbm reads them.
#include "tests/fuzz/fixtures.hpp"

namespace rbmdyn::fuzz {
namespace {
Outcome run(const uint8_t* data, std::size_t size) {
  return load_as_file("rbm", "rbm.safetensors", data, size, [](const auto& path) { (void)load_rbm(path); });
}
std::vector<Bytes> seeds() {
  return {written_by([](const auto& path) { save_rbm(path, tiny_rbm(), {{"epochs_trained", "2"}}); })};
}
}  // namespace
RBMDYN_FUZZ_TARGET(rbm, run, seeds);
}  // namespace rbmdyn::fuzz
