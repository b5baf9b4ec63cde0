#pragma once
// DeviceCopySink: a GibbsStepSink that copies each step's visible batch back on the engine's stream, as a classifier
// sink would read it, and the check that the CUDA engines' sink path equals their graph replay (tests/gpu).
#include <gtest/gtest.h>

#include <cuda_runtime.h>

#include <vector>

#include "host/gibbs/gibbs_engine.hpp"

namespace rbmdyn::test {

class DeviceCopySink final : public GibbsStepSink {
 public:
  void on_step(const GibbsStepView& view) override {
    EXPECT_EQ(view.backend, Backend::cuda);
    std::vector<float> v(static_cast<std::size_t>(view.chains * view.n_visible));
    const auto stream = static_cast<cudaStream_t>(view.stream);
    ASSERT_EQ(cudaMemcpyAsync(v.data(), view.visible, v.size() * sizeof(float), cudaMemcpyDeviceToHost, stream),
              cudaSuccess);
    ASSERT_EQ(cudaStreamSynchronize(stream), cudaSuccess);
    visible.push_back(std::move(v));
  }
  std::vector<std::vector<float>> visible;  // [steps][chains · n_visible]
};

// A CUDA engine's three ways to run (graph capture, graph replay, steps enqueued around a sink) give
// the same run, and the sink saw each step's visible batch; then other options (seed + 1) invalidate the
// captured graph rather than replaying it. `start` [chains, n_top].
inline void expect_replay_and_sink_agree(GibbsEngine& engine, const std::vector<float>& start, int64_t chains,
                                         GibbsOptions o) {
  const GibbsResult first = engine.run(start.data(), chains, o);   // captures the graph
  const GibbsResult replay = engine.run(start.data(), chains, o);  // replays it
  EXPECT_EQ(replay.visible, first.visible);
  EXPECT_EQ(replay.activity, first.activity);
  EXPECT_EQ(replay.layer_activity, first.layer_activity);
  DeviceCopySink sink;
  const GibbsResult direct = engine.run(start.data(), chains, o, &sink);
  EXPECT_EQ(direct.visible, first.visible);
  ASSERT_EQ(sink.visible.size(), static_cast<std::size_t>(o.steps));
  const int64_t nv = first.n_visible;
  for (int t = 0; t < o.steps; ++t)
    for (int64_t c = 0; c < chains; ++c)
      for (int64_t i = 0; i < nv; ++i)
        ASSERT_EQ(sink.visible[static_cast<std::size_t>(t)][static_cast<std::size_t>(c * nv + i)],
                  first.visible[static_cast<std::size_t>((c * o.steps + t) * nv + i)]);
  o.seed += 1;
  EXPECT_NE(engine.run(start.data(), chains, o).activity, first.activity);
}

}  // namespace rbmdyn::test
