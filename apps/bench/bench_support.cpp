#include "apps/bench/bench_support.hpp"

#include <cstdlib>
#include <filesystem>

#include "host/core/random.hpp"
#include "host/data/mnist.hpp"
#include "host/gibbs/gibbs_engine.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn::bench {

int64_t env_or(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  return v ? std::atoll(v) : fallback;
}

std::vector<float> lb_like_start(int64_t chains, int64_t n_hidden) {
  const int64_t vectors = 100;
  std::vector<float> v = synthetic_images(vectors, n_hidden, 7);
  for (float& x : v) x *= 0.3f;
  std::vector<float> start = tile_rows(v.data(), vectors, n_hidden, (chains + vectors - 1) / vectors);
  start.resize(static_cast<std::size_t>(chains * n_hidden));
  return start;
}

std::vector<float> synthetic_images(int64_t rows, int64_t cols, uint64_t seed) {
  std::vector<float> x(static_cast<std::size_t>(rows * cols));
  const RandomStream rs{seed, RngPurpose::nondigit};
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float u = uniform_from_bits(rs.bits(static_cast<uint32_t>(i >> 20), 0, static_cast<uint32_t>(i & 0xfffff)));
    x[i] = u < 0.8f ? 0.0f : (u - 0.8f) * 5.0f;
  }
  return x;
}

std::vector<float> training_images(int64_t rows, bool* real) {
  std::vector<std::filesystem::path> candidates;
  if (const char* env = std::getenv("RBMDYN_MNIST"); env && *env) candidates.emplace_back(env);
  candidates.emplace_back("../shared/data/mnist");
  candidates.emplace_back(std::filesystem::path(RBMDYN_SOURCE_DIR) / "../shared/data/mnist");
  for (const auto& dir : candidates) {
    std::error_code ec;
    if (!std::filesystem::exists(dir / "train-images-idx3-ubyte.gz", ec) &&
        !std::filesystem::exists(dir / "train-images-idx3-ubyte", ec))
      continue;
    const MnistSet set = load_mnist(dir, "train");
    if (real) *real = true;
    return set.split.to_unit_float(0, std::min<int64_t>(rows, set.split.count()));
  }
  if (real) *real = false;
  return synthetic_images(rows, kMnistPixels);
}

bool skip_without_gpu(benchmark::State& state) {
  const std::string why = cuda_unavailable_reason();
  if (why.empty()) return false;
  state.SkipWithError(("no CUDA device: " + why).c_str());
  return true;
}

void set_throughput(benchmark::State& state, double items_per_iteration, double flops_per_iteration,
                    const char* item_name) {
  const auto iterations = static_cast<double>(state.iterations());
  state.counters[std::string(item_name) + "/s"] =
      benchmark::Counter(items_per_iteration * iterations, benchmark::Counter::kIsRate);
  state.counters["GFLOP/s"] = benchmark::Counter(flops_per_iteration * iterations * 1e-9, benchmark::Counter::kIsRate);
}

}  // namespace rbmdyn::bench
