// The CUDA classifier engine: the cuDNN network (host/classifier/network_cudnn.hpp) driven with host
// arrays. The batch loop stays on the device: each training step copies its inputs through a pinned
// staging ring (host/runtime/staging_ring.hpp) with asynchronous copies, and its loss and correct
// count are summed on the device into a per-step slot; take_step_stats() downloads all pending slots
// with one sync (once per epoch in the trainer) instead of 4 pageable copies and a sync per step.
// Eval batches are padded to one fixed size so that a single set of algorithms serves every call
// (rows are independent in eval mode, so padding rows do not change the real rows' outputs).
#include <algorithm>
#include <cstring>

#include "host/classifier/engine.hpp"
#include "host/classifier/network_cudnn.hpp"
#include "host/core/error.hpp"
#include "host/runtime/device_buffer.hpp"
#include "host/runtime/staging_ring.hpp"
#include "kernels/classifier_ops.cuh"

namespace rbmdyn {
namespace {

constexpr int kStagingSlots = 3;         // uploads in flight before the host waits
constexpr int64_t kMaxPendingSteps = 4096;  // ≥ one epoch of the paper's recipe (1771 steps of 64)

std::size_t staging_slot_bytes(const ClassifierEngineOptions& o, int64_t in) {
  const auto train = static_cast<std::size_t>(o.max_batch * in) * sizeof(float) + static_cast<std::size_t>(o.max_batch);
  const auto eval = static_cast<std::size_t>(o.eval_batch * in) * sizeof(float);
  return std::max(train, eval);
}

class CudaClassifierEngine final : public ClassifierEngine {
 public:
  CudaClassifierEngine(const ClassifierModel& model, const ClassifierEngineOptions& options)
      : options_(options), in_(model.arch.input_size()),
        net_(make_plan(model.arch), cls::CudnnNetworkOptions{options.math, options.deterministic, options.seed},
             stream_.get()),
        staging_(staging_slot_bytes(options, in_), kStagingSlots) {
    model.check_sizes();
    cudaStream_t s = stream_.get();
    net_.upload(model.params, model.buffers);
    x_.resize(static_cast<std::size_t>(std::max(options.max_batch, options.eval_batch) * in_));
    x_.zero(s);  // padding rows of eval batches hold finite values
    labels_.resize(static_cast<std::size_t>(options.max_batch));
    step_loss_.resize(kMaxPendingSteps);
    step_correct_.resize(kMaxPendingSteps);
    host_loss_.reserve(kMaxPendingSteps);
    host_correct_.reserve(kMaxPendingSteps);
  }

  StepStats train_step(const float* x, const uint8_t* labels, int64_t batch, uint32_t iteration) override {
    RBMDYN_CHECK(pending_ == 0 && taken_.empty(), "train_step() while enqueued steps are pending");
    enqueue_train_step(x, labels, batch, iteration);
    return take_step_stats().front();
  }

  void enqueue_train_step(const float* x, const uint8_t* labels, int64_t batch, uint32_t iteration) override {
    RBMDYN_CHECK(batch <= options_.max_batch, "training batch larger than max_batch");
    if (pending_ == kMaxPendingSteps) drain();
    cudaStream_t s = stream_.get();
    auto* slot = static_cast<unsigned char*>(staging_.acquire());
    const std::size_t x_bytes = static_cast<std::size_t>(batch * in_) * sizeof(float);
    std::memcpy(slot, x, x_bytes);
    std::memcpy(slot + x_bytes, labels, static_cast<std::size_t>(batch));
    RBMDYN_CUDA_CHECK(cudaMemcpyAsync(x_.data(), slot, x_bytes, cudaMemcpyHostToDevice, s));
    RBMDYN_CUDA_CHECK(cudaMemcpyAsync(labels_.data(), slot + x_bytes, static_cast<std::size_t>(batch),
                                      cudaMemcpyHostToDevice, s));
    staging_.release(s);
    net_.forward(x_.data(), batch, true, iteration);
    net_.backward(labels_.data());
    net_.sgd_step(options_.lr);
    kernels::launch_sum_row_stats(net_.row_loss(), net_.row_correct(), batch, step_loss_.data() + pending_,
                                  step_correct_.data() + pending_, s);
    ++pending_;
  }

  std::vector<StepStats> take_step_stats() override {
    drain();
    return std::exchange(taken_, {});
  }
  bool asynchronous() const override { return true; }

  // Inputs go through the staging ring, probabilities come back into pinned memory; one sync per call.
  void predict(const float* x, int64_t n, float* probs) override {
    const int classes = net_.plan().arch.classes;
    const int64_t step = options_.eval_batch;
    cudaStream_t s = stream_.get();
    host_probs_.reserve(static_cast<std::size_t>(n * classes));
    for (int64_t first = 0; first < n; first += step) {
      const int64_t b = std::min(step, n - first);
      void* slot = staging_.acquire();
      std::memcpy(slot, x + first * in_, static_cast<std::size_t>(b * in_) * sizeof(float));
      RBMDYN_CUDA_CHECK(cudaMemcpyAsync(x_.data(), slot, static_cast<std::size_t>(b * in_) * sizeof(float),
                                        cudaMemcpyHostToDevice, s));
      staging_.release(s);
      const float* p = net_.forward(x_.data(), step, false);
      RBMDYN_CUDA_CHECK(cudaMemcpyAsync(host_probs_.data() + first * classes, p,
                                        static_cast<std::size_t>(b * classes) * sizeof(float), cudaMemcpyDeviceToHost,
                                        s));
    }
    stream_.synchronize();
    std::copy_n(host_probs_.data(), n * classes, probs);
  }

  ClassifierModel model() const override {
    ClassifierModel m{net_.plan().arch, {}, {}};
    net_.download(m.params, m.buffers);
    return m;
  }

  std::string description() const override {
    return std::string("cuda (cuDNN + cuBLAS, ") + math_mode_name(options_.math) +
           (options_.deterministic ? ", deterministic" : "") + ")\n" + net_.algorithms();
  }
  int classes() const override { return net_.plan().arch.classes; }

 private:
  // Downloads the pending steps' statistics (one sync) and appends them to taken_ in step order.
  void drain() {
    if (pending_ == 0) return;
    cudaStream_t s = stream_.get();
    const auto n = static_cast<std::size_t>(pending_);
    RBMDYN_CUDA_CHECK(cudaMemcpyAsync(host_loss_.data(), step_loss_.data(), n * sizeof(double), cudaMemcpyDeviceToHost, s));
    RBMDYN_CUDA_CHECK(
        cudaMemcpyAsync(host_correct_.data(), step_correct_.data(), n * sizeof(int64_t), cudaMemcpyDeviceToHost, s));
    stream_.synchronize();
    for (std::size_t k = 0; k < n; ++k) taken_.push_back(StepStats{host_loss_.data()[k], host_correct_.data()[k]});
    pending_ = 0;
  }

  ClassifierEngineOptions options_;
  int64_t in_;
  CudaStream stream_;  // before net_ and staging_: destroyed after the handles and events that use it
  cls::CudnnNetwork net_;
  StagingRing staging_;
  DeviceBuffer<float> x_;
  DeviceBuffer<uint8_t> labels_;
  DeviceBuffer<double> step_loss_;      // [kMaxPendingSteps]: loss sum of pending step k
  DeviceBuffer<int64_t> step_correct_;  // [kMaxPendingSteps]
  PinnedBuffer<double> host_loss_;
  PinnedBuffer<int64_t> host_correct_;
  PinnedBuffer<float> host_probs_;
  int64_t pending_ = 0;
  std::vector<StepStats> taken_;
};

}  // namespace

std::unique_ptr<ClassifierEngine> make_classifier_engine_cuda(const ClassifierModel& model,
                                                              const ClassifierEngineOptions& options) {
  return std::make_unique<CudaClassifierEngine>(model, options);
}

}  // namespace rbmdyn
