#include "host/reproduce/seed_parallelism.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace rbmdyn {
namespace {

// Floats of every layer output of one image in eval mode, counted twice (convolution and batch-norm
// outputs are separate buffers; ReLU and pooling reuse or shrink them).
double activation_floats(const ClassifierArch& a) {
  double floats = static_cast<double>(a.input_size());
  int64_t side = a.input_side;
  for (int c : a.block_channels) {
    floats += 2.0 * a.convs_per_block * static_cast<double>(c) * static_cast<double>(side * side);
    side /= 2;
    floats += static_cast<double>(c) * static_cast<double>(side * side);
  }
  for (int f : a.fc_hidden) floats += 2.0 * f;
  return floats + a.classes;
}

double parameter_floats(const ClassifierArch& a) {
  double p = 0;
  int64_t cin = a.in_channels;
  for (int c : a.block_channels)
    for (int k = 0; k < a.convs_per_block; ++k) {
      p += 9.0 * static_cast<double>(cin) * c + 5.0 * c;  // weights, bias, BN γ β mean var
      cin = c;
    }
  double in = static_cast<double>(a.flat_features());
  for (int f : a.fc_hidden) {
    p += in * f + f;
    in = f;
  }
  return p + in * a.classes + a.classes;
}

}  // namespace

std::size_t seed_device_bytes(const ClassifierArch& arch, int64_t classifier_batch, int64_t chains_total,
                              int64_t steps, int64_t readout_images, int64_t n_visible, int64_t n_hidden) {
  const double vh = static_cast<double>(n_visible) * static_cast<double>(n_hidden);
  const double rbm = 4.0 * vh + 3.0 * 125.0 * static_cast<double>(n_visible + n_hidden);
  const double readout = static_cast<double>(readout_images) * static_cast<double>(n_visible + n_hidden);
  const double chains = static_cast<double>(chains_total) *
                        (static_cast<double>(n_visible + 3 * n_hidden) + 3.0 * static_cast<double>(steps));
  const double classifier = parameter_floats(arch) + static_cast<double>(classifier_batch) * activation_floats(arch);
  // RBM, readout and chains never coexist at their peaks, but a margin costs less than a failed run.
  return static_cast<std::size_t>(1.25 * 4.0 * (rbm + readout + chains + classifier));
}

int seeds_at_once(Backend backend, int seeds, std::size_t free_bytes, std::size_t per_seed_bytes, int requested) {
  const int n = std::max(seeds, 1);
  if (requested > 0) return std::min(requested, n);
  if (backend != Backend::cuda || per_seed_bytes == 0) return 1;
  const double fit = 0.8 * static_cast<double>(free_bytes) / static_cast<double>(per_seed_bytes);
  return std::clamp(static_cast<int>(fit), 1, n);
}

void run_jobs(int n, int at_once, const std::function<void(int)>& job) {
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(std::max(n, 0)));
  auto guarded = [&](int i) {
    try {
      job(i);
    } catch (...) {
      errors[static_cast<std::size_t>(i)] = std::current_exception();
    }
  };
  if (at_once <= 1) {
    for (int i = 0; i < n; ++i) guarded(i);
  } else {
    std::atomic<int> next{0};
    std::vector<std::thread> workers;
    for (int w = 0; w < std::min(at_once, n); ++w)
      workers.emplace_back([&] {
        for (int i = next++; i < n; i = next++) guarded(i);
      });
    for (std::thread& t : workers) t.join();
  }
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace rbmdyn
