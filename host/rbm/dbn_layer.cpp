#include "host/rbm/dbn_layer.hpp"

#include "host/core/error.hpp"

namespace rbmdyn {

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
