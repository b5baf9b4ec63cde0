// The backend dispatch of the sweep sink.
#include "host/sweep/sweep_sink.hpp"

#include "host/core/error.hpp"

namespace rbmdyn {

std::unique_ptr<SweepSink> make_sweep_sink(DigitClassifier& classifier, const SweepData& data) {
  if (classifier.backend() == Backend::cpu) return make_sweep_sink_cpu(classifier, data);
#ifdef RBMDYN_HAVE_CUDA
  return make_sweep_sink_cuda(classifier, data);
#else
  fail("the CUDA sweep sink is not compiled in");
#endif
}

}  // namespace rbmdyn
