#pragma once
// The GibbsStepSink of a sweep: classifies each step's visible states and gathers labels, entropies and
// example images into [chains, steps] / [chains, examples] arrays, in the engine's memory space.
#include <memory>

#include "host/gibbs/gibbs_engine.hpp"
#include "host/sweep/sweep.hpp"
#include "host/sweep/sweep_analysis.hpp"

namespace rbmdyn {

class SweepSink : public GibbsStepSink {
 public:
  // Moves the gathered arrays into data.pred, data.entropy and data.examples (downloading them from
  // the device for CUDA).
  virtual void finish(SweepData& data) = 0;
  // The gathered pred/entropy while they are still on the device (CUDA; empty on the CPU), so that the
  // metrics can be reduced there before finish() downloads them.
  virtual SweepDeviceArrays device_arrays() const { return {}; }
};

// `data` gives the shapes (options, vectors, n_visible); the sink fills it in finish().
std::unique_ptr<SweepSink> make_sweep_sink(DigitClassifier& classifier, const SweepData& data);
std::unique_ptr<SweepSink> make_sweep_sink_cpu(DigitClassifier& classifier, const SweepData& data);
#ifdef RBMDYN_HAVE_CUDA
std::unique_ptr<SweepSink> make_sweep_sink_cuda(DigitClassifier& classifier, const SweepData& data);
#endif

}  // namespace rbmdyn
