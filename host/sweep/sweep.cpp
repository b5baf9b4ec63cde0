#include "host/sweep/sweep.hpp"

#include <chrono>
#include <functional>

#include "host/core/error.hpp"
#include "host/gibbs/gibbs_engine.hpp"
#include "host/runtime/nvtx.hpp"
#include "host/util/memory_check.hpp"
#include "host/sweep/sweep_analysis.hpp"
#include "host/sweep/sweep_sink.hpp"

namespace rbmdyn {

namespace {

// The sweep with any chain engine whose model has n_visible visible and n_top top units.
SweepRun run_sweep_with(const std::function<std::unique_ptr<GibbsEngine>(Backend)>& make_engine, int64_t n_visible,
                        int64_t n_top, const BiasingSet& biasing, DigitClassifier& classifier,
                        const SweepOptions& options) {
  NvtxRange range("sweep");
  if (biasing.n_hidden != n_top)
    fail_input("the biasing vectors have " + std::to_string(biasing.n_hidden) + " hidden units, the model's top layer " +
               std::to_string(n_top));
  if (classifier.backend() != options.backend)
    fail(std::string("sweep on ") + backend_name(options.backend) + " with a classifier on " +
         backend_name(classifier.backend()));
  SweepData data;
  data.options = options;
  data.options.validate();
  data.vectors = data.options.vectors();
  data.n_visible = n_visible;
  data.n_hidden = n_top;
  const int64_t V = data.vectors.count;
  const int64_t C = data.options.chains;
  // pred (1 byte), entropy and activity (4 each) per chain and step, examples, and the chains' working
  // rows (float32 visible and hidden, a few copies): checked before anything is allocated.
  const double chains = static_cast<double>(V) * static_cast<double>(C);
  const double per_chain = 9.0 * data.options.steps + 12.0 * static_cast<double>(n_top + n_visible);
  const double examples = 4.0 * static_cast<double>(V) * static_cast<double>(data.options.example_chains) *
                          static_cast<double>(data.options.example_steps.size()) * static_cast<double>(n_visible);
  require_host_memory(chains * per_chain + examples, quote_option("chains") + " " + std::to_string(C) + " x " +
                                                         std::to_string(V) + " vectors x " +
                                                         std::to_string(data.options.steps) + " " + quote_option("steps"));

  std::vector<float> vectors(static_cast<std::size_t>(V * n_top));
  for (int64_t v = 0; v < V; ++v)
    std::copy_n(biasing.vector(data.vectors.first + static_cast<int>(v)), n_top, vectors.begin() + v * n_top);
  data.start_activity = start_activity(vectors.data(), V, n_top);
  const std::vector<float> start = tile_rows(vectors.data(), V, n_top, C);

  GibbsOptions g;
  g.steps = data.options.steps;
  g.temperature = data.options.temperature;
  g.visible_mode = data.options.visible_mode;
  g.seed = data.options.seed;
  g.chain_offset = static_cast<uint64_t>(data.vectors.first) * static_cast<uint64_t>(C);
  g.chains_per_vector = static_cast<uint64_t>(C);  // draws addressed by (vector, chain): see GibbsOptions
  g.keep_visible = KeepVisible::none;  // the sink keeps what the sweep needs

  auto engine = make_engine(data.options.backend);
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

}  // namespace

SweepRun run_sweep(const Rbm& rbm, const BiasingSet& biasing, DigitClassifier& classifier,
                   const SweepOptions& options) {
  return run_sweep_with([&](Backend b) { return make_gibbs_engine(b, rbm); }, rbm.n_visible, rbm.n_hidden, biasing,
                        classifier, options);
}

SweepRun run_sweep(const RbmStack& stack, DeepStep step, const BiasingSet& biasing, DigitClassifier& classifier,
                   const SweepOptions& options) {
  return run_sweep_with([&](Backend b) { return make_dbn_gibbs_engine(b, stack, step); }, stack.n_visible(),
                        stack.n_top(), biasing, classifier, options);
}

}  // namespace rbmdyn
