#pragma once
// A Bernoulli–Bernoulli RBM: W [n_visible, n_hidden] (visible × hidden, row-major), b_v [n_visible],
// b_h [n_hidden], float32 (docs/method.md §2.1). Saved as safetensors with tensors "W", "b_v", "b_h" and
// string metadata, so numpy (safetensors.numpy.load_file) and PyTorch read it directly.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace rbmdyn {

struct Rbm {
  int64_t n_visible = 0;
  int64_t n_hidden = 0;
  std::vector<float> W;    // [n_visible, n_hidden]
  std::vector<float> b_v;  // [n_visible]
  std::vector<float> b_h;  // [n_hidden]

  static Rbm zeros(int64_t n_visible, int64_t n_hidden);
  // W = init_std · N(0, 1) from the shared random stream (purpose rbm_init, a = stream_layer, the RBM's
  // position in a stack), biases 0 (docs/method.md §2.1).
  static Rbm initialized(int64_t n_visible, int64_t n_hidden, uint64_t seed, float init_std = 0.1f,
                         uint32_t stream_layer = 0);
};

// Metadata every rbmdyn model file carries (plus whatever the caller adds): format, sizes, engine
// version and commit. Values are strings, as safetensors requires.
std::map<std::string, std::string> rbm_base_metadata(const Rbm& rbm);

// Writes atomically. `metadata` adds to (and may override) rbm_base_metadata().
void save_rbm(const std::filesystem::path& path, const Rbm& rbm, const std::map<std::string, std::string>& metadata = {});

// The largest |value| a loaded RBM parameter may have. Training never comes near it (the sigmoid is
// saturated beyond ±20); larger values mean a corrupt file or a diverged run, and their sums could
// overflow float32 in the Gibbs updates.
inline constexpr float kMaxRbmParameter = 1e6f;

// InputError naming `source` and the tensor when W, b_v or b_h holds NaN, ±Inf or |value| > 1e6.
void check_rbm_values(const Rbm& rbm, const std::string& source);

// Reads W/b_v/b_h (float32, consistent shapes, values as check_rbm_values requires); any other tensors
// are ignored, so files from numpy/PyTorch with these names load. InputError naming the file and problem
// otherwise.
Rbm load_rbm(const std::filesystem::path& path, std::map<std::string, std::string>* metadata = nullptr);

}  // namespace rbmdyn
