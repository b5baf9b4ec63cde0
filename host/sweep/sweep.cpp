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

// Feeds every step to each classifier's sink, in order.
class FanOutSink final : public GibbsStepSink {
 public:
  explicit FanOutSink(std::vector<std::unique_ptr<SweepSink>>& sinks) : sinks_(sinks) {}
  void on_step(const GibbsStepView& view) override {
    for (auto& sink : sinks_) sink->on_step(view);
  }

 private:
  std::vector<std::unique_ptr<SweepSink>>& sinks_;
};

// The metrics of one classifier's labels: reduced on the device when the sink still holds them there.
SweepRun finish_run(SweepData data, SweepSink& sink) {
  SweepRun run;
  const auto t0 = std::chrono::steady_clock::now();
  const SweepDeviceArrays device = sink.device_arrays();
  if (device.pred != nullptr) {  // reduce on the device, then download
    run.analysis = analyze_sweep(data, &device);
    sink.finish(data);
  } else {
    sink.finish(data);
    run.analysis = analyze_sweep(data);
  }
  run.analysis_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  run.data = std::move(data);
  return run;
}

// activity (4 bytes) per chain and step, pred and entropy (1 + 4) and examples per classifier, and the
// chains' working rows (float32 visible and hidden, a few copies): checked before anything is allocated.
void check_sweep_memory(const SweepData& data, int64_t n_top, std::size_t classifiers) {
  const double V = static_cast<double>(data.vectors.count), C = static_cast<double>(data.options.chains);
  const double k = static_cast<double>(classifiers), steps = data.options.steps;
  const double per_chain = (4.0 + 5.0 * k) * steps + 12.0 * static_cast<double>(n_top + data.n_visible);
  const double examples = 4.0 * k * V * static_cast<double>(data.options.example_chains) *
                          static_cast<double>(data.options.example_steps.size()) * static_cast<double>(data.n_visible);
  require_host_memory(V * C * per_chain + examples,
                      quote_option("chains") + " " + std::to_string(data.options.chains) + " x " +
                          std::to_string(data.vectors.count) + " vectors x " + std::to_string(data.options.steps) +
                          " " + quote_option("steps"));
}

// The sweep with any chain engine whose model has n_visible visible and n_top top units, the chains run
// once and every step labelled by each classifier.
std::vector<SweepRun> run_sweep_with(const std::function<std::unique_ptr<GibbsEngine>(Backend)>& make_engine,
                                     int64_t n_visible, int64_t n_top, const BiasingSet& biasing,
                                     const std::vector<DigitClassifier*>& classifiers, const SweepOptions& options) {
  NvtxRange range("sweep");
  if (biasing.n_hidden != n_top)
    fail_input("the biasing vectors have " + std::to_string(biasing.n_hidden) + " hidden units, the model's top layer " +
               std::to_string(n_top));
  RBMDYN_CHECK(!classifiers.empty(), "a sweep needs at least one classifier");
  for (const DigitClassifier* c : classifiers)
    if (c->backend() != options.backend)
      fail(std::string("sweep on ") + backend_name(options.backend) + " with a classifier on " +
           backend_name(c->backend()));
  SweepData data;
  data.options = options;
  data.options.validate();
  data.vectors = data.options.vectors();
  data.n_visible = n_visible;
  data.n_hidden = n_top;
  const int64_t V = data.vectors.count;
  const int64_t C = data.options.chains;
  check_sweep_memory(data, n_top, classifiers.size());

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
  g.keep_visible = KeepVisible::none;  // the sinks keep what the sweep needs

  auto engine = make_engine(data.options.backend);
  std::vector<std::unique_ptr<SweepSink>> sinks;
  for (DigitClassifier* c : classifiers) sinks.push_back(make_sweep_sink(*c, data));
  FanOutSink fan_out(sinks);
  GibbsResult result = engine->run(start.data(), V * C, g, &fan_out);
  data.activity = std::move(result.activity);
  data.gibbs_seconds = result.seconds;

  std::vector<SweepRun> runs;
  for (std::size_t i = 0; i < sinks.size(); ++i)
    runs.push_back(finish_run(i + 1 < sinks.size() ? data : std::move(data), *sinks[i]));
  return runs;
}

}  // namespace

std::vector<SweepRun> run_sweep(const Rbm& rbm, const BiasingSet& biasing,
                                const std::vector<DigitClassifier*>& classifiers, const SweepOptions& options) {
  return run_sweep_with([&](Backend b) { return make_gibbs_engine(b, rbm); }, rbm.n_visible, rbm.n_hidden, biasing,
                        classifiers, options);
}

SweepRun run_sweep(const Rbm& rbm, const BiasingSet& biasing, DigitClassifier& classifier,
                   const SweepOptions& options) {
  return std::move(run_sweep(rbm, biasing, std::vector<DigitClassifier*>{&classifier}, options).front());
}

SweepRun run_sweep(const RbmStack& stack, DeepStep step, const BiasingSet& biasing, DigitClassifier& classifier,
                   const SweepOptions& options) {
  return std::move(run_sweep_with([&](Backend b) { return make_dbn_gibbs_engine(b, stack, step); },
                                  stack.n_visible(), stack.n_top(), biasing,
                                  std::vector<DigitClassifier*>{&classifier}, options)
                       .front());
}

}  // namespace rbmdyn
