// safetensors files through the generic reader and its typed accessors (every tensor as F32 and I64
// with its own shape, every metadata value as an integer).
#include "host/classifier/checkpoint.hpp"
#include "host/io/safetensors.hpp"
#include "tests/fuzz/fixtures.hpp"

namespace rbmdyn::fuzz {
namespace {

Outcome run(const uint8_t* data, std::size_t size) {
  static const auto path = scratch_dir("safetensors") / "file.safetensors";
  const std::string name = path.string();
  write_file(path, data, size);
  SafetensorsFile file;
  const Outcome outcome = guarded([&] { file = load_safetensors(path); }, name);
  for (const auto& [tensor, t] : file.tensors) {
    guarded([&, &tensor = tensor, &t = t] { (void)file.get_f32(tensor, t.shape, name); }, name);
    guarded([&, &tensor = tensor, &t = t] { (void)file.get_i64(tensor, t.shape, name); }, name);
  }
  for (const auto& [key, value] : file.metadata) guarded([&, &key = key] { (void)file.meta_int(key, name); }, name);
  return outcome;
}

std::vector<Bytes> seeds() {
  const auto dir = scratch_dir("safetensors-seeds");
  save_rbm(dir / "rbm.safetensors", tiny_rbm(), {{"epochs_trained", "2"}});
  save_checkpoint(dir / "ck.safetensors", tiny_rbm_checkpoint(), Backend::cpu);
  SafetensorsFile ints;
  ints.put_i64("counts", {1, -2, 3, 4, 5, 6}, {2, 3});
  ints.put_f32("empty", {}, {0});
  ints.metadata = {{"n", "42"}, {"text", "x"}};
  save_safetensors(dir / "ints.safetensors", ints);
  return {read_file(dir / "rbm.safetensors"), read_file(dir / "ck.safetensors"), read_file(dir / "ints.safetensors")};
}

}  // namespace
RBMDYN_FUZZ_TARGET(safetensors, run, seeds);
}  // namespace rbmdyn::fuzz
