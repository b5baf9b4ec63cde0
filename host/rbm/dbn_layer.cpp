#include "host/rbm/dbn_layer.hpp"

#include <algorithm>

#include "host/core/error.hpp"

namespace rbmdyn {

double dbn_layers_device_bytes(const DbnConfig& config, int64_t n_samples) {
  double floats = 0, widest = 0;
  for (int l = 1; l <= config.depth(); ++l) {
    const auto nv = static_cast<double>(config.sizes[static_cast<std::size_t>(l - 1)]);
    const auto nh = static_cast<double>(config.sizes[static_cast<std::size_t>(l)]);
    floats += static_cast<double>(n_samples) * nv + 2.0 * (nv * nh + nv + nh);
    widest = std::max({widest, nv, nh});
  }
  floats += 5.0 * config.cd1.batch_size * widest;
  return 4.0 * floats + 12.0 * static_cast<double>(n_samples);
}

std::unique_ptr<DbnLayers> make_dbn_layers(Backend backend, const DbnConfig& config,
                                           const std::vector<Cd1State>& initial, const float* data, int64_t n_samples) {
  RBMDYN_CHECK(static_cast<int>(initial.size()) == config.depth(), "one CD-1 state per RBM of the stack");
  require_backend_available(backend);
  if (backend == Backend::cpu) return make_dbn_layers_cpu(config, initial, data, n_samples);
#ifdef RBMDYN_HAVE_CUDA
  return make_dbn_layers_cuda(config, initial, data, n_samples);
#else
  fail_no_cuda_build();
#endif
}

}  // namespace rbmdyn
