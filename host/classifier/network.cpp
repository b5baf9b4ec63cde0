// The backend dispatch of the classifier network.
#include "host/classifier/network.hpp"

#include "host/core/error.hpp"

namespace rbmdyn {

std::unique_ptr<ClassifierNetwork> make_classifier_network(Backend backend, const ClassifierModel& model,
                                                           const NetworkOptions& options) {
  model.check_sizes();
  if (backend == Backend::cpu) return make_classifier_network_cpu(model, options);
  require_backend_available(backend);
#ifdef RBMDYN_HAVE_CUDA
  return make_classifier_network_cuda(model, options);
#else
  fail_no_cuda_build();
#endif
}

}  // namespace rbmdyn
