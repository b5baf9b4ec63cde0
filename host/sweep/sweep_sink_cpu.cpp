// The CPU sweep sink: each step's labels and entropies are classified on the host and placed into column
// t of [chains, steps] arrays; example images are copied as they pass.
#include "host/sweep/sweep_sink.hpp"

#include <algorithm>

#include "host/runtime/nvtx.hpp"

namespace rbmdyn {
namespace {

class SweepSinkCpu final : public SweepSink {
 public:
  SweepSinkCpu(DigitClassifier& classifier, const SweepData& data)
      : classifier_(classifier), options_(data.options), n_visible_(data.n_visible),
        chains_(data.vector_count() * data.chains()) {
    pred_.assign(static_cast<std::size_t>(chains_ * options_.steps), 0);
    entropy_.assign(pred_.size(), 0.0f);
    step_pred_.resize(static_cast<std::size_t>(chains_));
    step_entropy_.resize(static_cast<std::size_t>(chains_));
    examples_.assign(static_cast<std::size_t>(data.vector_count() * options_.example_chains *
                                              static_cast<int64_t>(options_.example_steps.size()) * n_visible_),
                     0.0f);
  }

  void on_step(const GibbsStepView& view) override {
    NvtxRange range("classify/batch");
    classifier_.classify_samples(view.visible, view.chains, step_pred_.data(), step_entropy_.data());
    const int64_t steps = options_.steps;
    for (int64_t c = 0; c < chains_; ++c) {
      pred_[static_cast<std::size_t>(c * steps + view.step)] = step_pred_[static_cast<std::size_t>(c)];
      entropy_[static_cast<std::size_t>(c * steps + view.step)] = step_entropy_[static_cast<std::size_t>(c)];
    }
    const auto& ex = options_.example_steps;
    const auto k = std::find(ex.begin(), ex.end(), view.step);
    if (k == ex.end()) return;
    const auto K = static_cast<int64_t>(ex.size());
    const int64_t E = options_.example_chains;
    const int64_t vectors = chains_ / options_.chains;
    for (int64_t v = 0; v < vectors; ++v)
      for (int64_t e = 0; e < E; ++e)
        std::copy_n(view.visible + (v * options_.chains + e) * n_visible_, n_visible_,
                    examples_.begin() + ((v * E + e) * K + (k - ex.begin())) * n_visible_);
  }

  void finish(SweepData& data) override {
    data.pred = std::move(pred_);
    data.entropy = std::move(entropy_);
    data.examples = std::move(examples_);
  }

 private:
  DigitClassifier& classifier_;
  SweepOptions options_;
  int64_t n_visible_;
  int64_t chains_;
  std::vector<uint8_t> pred_, step_pred_;
  std::vector<float> entropy_, step_entropy_, examples_;
};

}  // namespace

std::unique_ptr<SweepSink> make_sweep_sink_cpu(DigitClassifier& classifier, const SweepData& data) {
  return std::make_unique<SweepSinkCpu>(classifier, data);
}

}  // namespace rbmdyn
