// NumPy .npy files through every reader that takes one: the raw loader, the typed loaders of each
// dtype rbmdyn writes, the float conversion, and the `analyze` inputs (predictions, per-chain values,
// per-step values; 2-D and 3-D forms).
#include "host/analysis/analysis_inputs.hpp"
#include "host/io/npy.hpp"
#include "tests/fuzz/fixtures.hpp"

namespace rbmdyn::fuzz {
namespace {

Outcome run(const uint8_t* data, std::size_t size) {
  static const auto path = scratch_dir("npy") / "array.npy";
  const std::string name = path.string();
  write_file(path, data, size);
  std::vector<int64_t> shape;
  const Outcome raw = guarded([&] { shape = load_npy_raw(path).shape; }, name);
  guarded([&] { (void)load_npy<float>(path, nullptr); }, name);
  guarded([&] { (void)load_npy<double>(path, nullptr); }, name);
  guarded([&] { (void)load_npy<uint8_t>(path, nullptr); }, name);
  guarded([&] { (void)load_npy<int32_t>(path, nullptr); }, name);
  guarded([&] { (void)load_npy<int64_t>(path, nullptr); }, name);
  guarded([&] { (void)load_npy<uint16_t>(path, nullptr); }, name);
  guarded([&] { (void)load_npy_as_float(path, nullptr); }, name);
  guarded([&] { (void)analysis::load_predictions(path); }, name);
  if (raw == Outcome::accepted && !shape.empty()) {
    const int64_t n = shape[0];
    guarded([&] { (void)analysis::load_chain_values(path, n, 0); }, name);
    if (shape.size() >= 2) {
      guarded([&] { (void)analysis::load_chain_values(path, n * shape[1], n); }, name);
      guarded([&] { (void)analysis::load_step_values(path, n, shape[1], 0); }, name);
    }
    if (shape.size() == 3 && shape[0] > 0)
      guarded([&] { (void)analysis::load_step_values(path, n * shape[1], shape[2], n); }, name);
  }
  return raw;
}

template <class T>
Bytes npy_bytes(const std::vector<T>& values, const std::vector<int64_t>& shape) {
  static const auto path = scratch_dir("npy-seeds") / "seed.npy";
  save_npy(path, values, shape);
  return read_file(path);
}

std::vector<Bytes> seeds() {
  return {npy_bytes<float>({0.5f, -1.0f, 2.0f, 0.0f, 1e-3f, 7.0f}, {2, 3}),
          npy_bytes<double>({0.25, 1.5, -3.0}, {3}),
          npy_bytes<uint8_t>({0, 1, 10, 3, 4, 5, 6, 7, 8, 9, 10, 2}, {2, 2, 3}),
          npy_bytes<int32_t>({1, 2, 3, 4}, {4}),
          npy_bytes<int64_t>({-1, 0, 5, 6, 7, 8}, {3, 2}),
          npy_bytes<uint16_t>({1, 65535}, {1, 2}),
          npy_bytes<float>({}, {0, 4}),
          npy_bytes<float>({0.5f, 1.0f, 0.25f, 0.0f, 0.5f, 1.0f, 0.75f, 0.0f}, {2, 2, 2})};
}

}  // namespace
RBMDYN_FUZZ_TARGET(npy, run, seeds);
}  // namespace rbmdyn::fuzz
