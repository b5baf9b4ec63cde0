#pragma once
// The step loop of the CUDA Gibbs engines (host/gibbs/gibbs_engine_cuda.cpp, dbn_gibbs_engine_cuda.cpp):
// without a sink it is captured once into a CUDA graph and replayed for later runs with the same key;
// with a sink the steps are enqueued directly, because the sink's own work must go between them. CUDA
// builds only: include it from *_cuda.cpp files.
#include <cstdint>
#include <tuple>
#include <vector>

#include "host/gibbs/gibbs_engine.hpp"
#include "host/runtime/device_buffer.hpp"

namespace rbmdyn {

struct GibbsGraphKey {
  int64_t chains = -1;
  int steps = 0;
  float temperature = 0;
  VisibleMode mode = VisibleMode::mean_field;
  uint64_t seed = 0;
  uint64_t chain_offset = 0;
  uint64_t chains_per_vector = 1;
  std::vector<int> kept;
  bool keep_hidden = false;

  static GibbsGraphKey of(int64_t chains, const GibbsOptions& o) {
    return GibbsGraphKey{chains,
                         o.steps,
                         o.temperature,
                         o.visible_mode,
                         o.seed,
                         o.chain_offset,
                         o.chains_per_vector,
                         o.kept_steps(),
                         o.keep_hidden_states};
  }
  bool operator==(const GibbsGraphKey& o) const {
    return std::tie(chains, steps, temperature, mode, seed, chain_offset, chains_per_vector, kept, keep_hidden) ==
           std::tie(o.chains, o.steps, o.temperature, o.mode, o.seed, o.chain_offset, o.chains_per_vector, o.kept,
                    o.keep_hidden);
  }
};

// A graph and the key it was captured for.
struct GibbsStepGraph {
  CudaGraph graph;
  GibbsGraphKey key;

  // Call before the buffers of a run with `next` are (re)allocated: a graph of another key may point at
  // buffers about to move, and must never run.
  void forget_unless(const GibbsGraphKey& next) {
    if (!(next == key)) graph.reset();
  }

  // enqueue(sink) directly when `sink` is given; otherwise replays the graph, capturing enqueue(nullptr)
  // first when there is none for `next`.
  template <class Enqueue>
  void run(const GibbsGraphKey& next, cudaStream_t stream, GibbsStepSink* sink, Enqueue&& enqueue) {
    if (sink != nullptr) {
      enqueue(sink);
      return;
    }
    if (!graph.ready()) {
      graph.begin_capture(stream);
      enqueue(nullptr);
      graph.end_capture(stream);
      key = next;
    }
    graph.launch(stream);
  }
};

}  // namespace rbmdyn
