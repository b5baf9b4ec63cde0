#include "host/sweep/sweep.hpp"

#include <chrono>

#include "host/core/error.hpp"
#include "host/gibbs/gibbs_engine.hpp"
#include "host/runtime/nvtx.hpp"
#include "host/sweep/sweep_analysis.hpp"
#include "host/sweep/sweep_sink.hpp"

namespace rbmdyn {

SweepRun run_sweep(const Rbm& rbm, const BiasingSet& biasing, DigitClassifier& classifier,
                   const SweepOptions& options) {
  NvtxRange range("sweep");
  if (biasing.n_hidden != rbm.n_hidden)
    fail_input("the biasing vectors have " + std::to_string(biasing.n_hidden) + " hidden units, the RBM " +
               std::to_string(rbm.n_hidden));
  if (classifier.backend() != options.backend)
    fail(std::string("sweep on ") + backend_name(options.backend) + " with a classifier on " +
         backend_name(classifier.backend()));
  SweepData data;
  data.options = options;
  data.options.validate();
  data.vectors = data.options.vectors();
  data.n_visible = rbm.n_visible;
  data.n_hidden = rbm.n_hidden;
  const int64_t V = data.vectors.count;
  const int64_t C = data.options.chains;

  std::vector<float> vectors(static_cast<std::size_t>(V * rbm.n_hidden));
  for (int64_t v = 0; v < V; ++v)
    std::copy_n(biasing.vector(data.vectors.first + static_cast<int>(v)), rbm.n_hidden,
                vectors.begin() + v * rbm.n_hidden);
  data.start_activity = start_activity(vectors.data(), V, rbm.n_hidden);
  const std::vector<float> start = tile_rows(vectors.data(), V, rbm.n_hidden, C);

  GibbsOptions g;
  g.steps = data.options.steps;
  g.temperature = data.options.temperature;
  g.visible_mode = data.options.visible_mode;
  g.seed = data.options.seed;
  g.chain_offset = static_cast<uint64_t>(data.vectors.first) * static_cast<uint64_t>(C);
  g.keep_visible = KeepVisible::none;  // the sink keeps what the sweep needs

  auto engine = make_gibbs_engine(data.options.backend, rbm);
  auto sink = make_sweep_sink(classifier, data);
  GibbsResult result = engine->run(start.data(), V * C, g, sink.get());
  data.activity = std::move(result.activity);
  data.gibbs_seconds = result.seconds;

  SweepRun run;
  const auto t0 = std::chrono::steady_clock::now();
  const SweepDeviceArrays device = sink->device_arrays();
  if (device.pred != nullptr) {  // reduce on the device, then download
    run.analysis = analyze_sweep(data, &device);
    sink->finish(data);
  } else {
    sink->finish(data);
    run.analysis = analyze_sweep(data);
  }
  run.analysis_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  run.data = std::move(data);
  return run;
}

}  // namespace rbmdyn
