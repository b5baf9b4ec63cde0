// The CUDA sweep sink: every step's labels and entropies are written by the classifier into step
// buffers on the device and placed into column t of [chains, steps] arrays with strided copies; example
// images are copied device-to-device. Nothing crosses to the host until finish().
#include <algorithm>

#include "host/runtime/device_buffer.hpp"
#include "host/runtime/nvtx.hpp"
#include "host/sweep/sweep_sink.hpp"

namespace rbmdyn {
namespace {

class SweepSinkCuda final : public SweepSink {
 public:
  SweepSinkCuda(DigitClassifier& classifier, const SweepData& data)
      : classifier_(classifier), options_(data.options), n_visible_(data.n_visible),
        vectors_(data.vector_count()), chains_(vectors_ * data.chains()) {
    const auto n = static_cast<std::size_t>(chains_);
    pred_.resize(n * static_cast<std::size_t>(options_.steps));
    entropy_.resize(pred_.size());
    step_pred_.resize(n);
    step_entropy_.resize(n);
    examples_.resize(static_cast<std::size_t>(vectors_ * options_.example_chains *
                                              static_cast<int64_t>(options_.example_steps.size()) * n_visible_));
  }

  void on_step(const GibbsStepView& view) override {
    NvtxRange range("classify/batch");
    const StreamHandle stream = view.stream;
    stream_ = view.stream;
    classifier_.classify_samples(view.visible, view.chains, step_pred_.data(), step_entropy_.data(), nullptr, stream);
    const auto steps = static_cast<std::size_t>(options_.steps);
    const auto t = static_cast<std::size_t>(view.step);
    RBMDYN_CUDA_CHECK(cudaMemcpy2DAsync(pred_.data() + t, steps * sizeof(uint8_t), step_pred_.data(), sizeof(uint8_t),
                                        sizeof(uint8_t), static_cast<std::size_t>(chains_), cudaMemcpyDeviceToDevice,
                                        stream));
    RBMDYN_CUDA_CHECK(cudaMemcpy2DAsync(entropy_.data() + t, steps * sizeof(float), step_entropy_.data(),
                                        sizeof(float), sizeof(float), static_cast<std::size_t>(chains_),
                                        cudaMemcpyDeviceToDevice, stream));
    const auto& ex = options_.example_steps;
    const auto k = std::find(ex.begin(), ex.end(), view.step);
    if (k == ex.end() || options_.example_chains == 0) return;
    const auto K = static_cast<int64_t>(ex.size());
    const int64_t E = options_.example_chains;
    const std::size_t row = static_cast<std::size_t>(n_visible_) * sizeof(float);
    for (int64_t v = 0; v < vectors_; ++v)  // E consecutive chains → examples[v, 0..E, k, :]
      RBMDYN_CUDA_CHECK(cudaMemcpy2DAsync(examples_.data() + ((v * E) * K + (k - ex.begin())) * n_visible_,
                                          static_cast<std::size_t>(K) * row,
                                          view.visible + v * options_.chains * n_visible_, row, row,
                                          static_cast<std::size_t>(E), cudaMemcpyDeviceToDevice, stream));
  }

  SweepDeviceArrays device_arrays() const override { return {pred_.data(), entropy_.data(), stream_}; }

  void finish(SweepData& data) override {
    const auto stream = static_cast<cudaStream_t>(stream_);  // every step's copies were enqueued on it
    data.pred = pred_.to_host(stream);
    data.entropy = entropy_.to_host(stream);
    data.examples = examples_.to_host(stream);
  }

 private:
  DigitClassifier& classifier_;
  SweepOptions options_;
  int64_t n_visible_, vectors_, chains_;
  StreamHandle stream_ = nullptr;  // the Gibbs engine's stream, seen at the first step
  DeviceBuffer<uint8_t> pred_, step_pred_;
  DeviceBuffer<float> entropy_, step_entropy_, examples_;
};

}  // namespace

std::unique_ptr<SweepSink> make_sweep_sink_cuda(DigitClassifier& classifier, const SweepData& data) {
  return std::make_unique<SweepSinkCuda>(classifier, data);
}

}  // namespace rbmdyn
