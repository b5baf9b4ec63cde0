// The CUDA classifier engine: the cuDNN network (host/classifier/network_cudnn.hpp) driven with host
// arrays. Training inputs are uploaded per step (256 KB at batch 64); eval batches are padded to one
// fixed size so that a single set of algorithms serves every call (rows are independent in eval mode,
// so padding rows do not change the real rows' outputs).
#include <algorithm>

#include "host/classifier/engine.hpp"
#include "host/classifier/network_cudnn.hpp"
#include "host/core/error.hpp"
#include "host/runtime/device_buffer.hpp"

namespace rbmdyn {
namespace {

class CudaClassifierEngine final : public ClassifierEngine {
 public:
  CudaClassifierEngine(const ClassifierModel& model, const ClassifierEngineOptions& options)
      : options_(options),
        net_(make_plan(model.arch), cls::CudnnNetworkOptions{options.math, options.deterministic, options.seed},
             stream_.get()) {
    model.check_sizes();
    net_.upload(model.params, model.buffers);
    const int64_t in = model.arch.input_size();
    x_.resize(static_cast<std::size_t>(std::max(options.max_batch, options.eval_batch) * in));
    x_.zero(stream_.get());
    labels_.resize(static_cast<std::size_t>(options.max_batch));
    probs_.resize(static_cast<std::size_t>(options.eval_batch * model.arch.classes));
  }

  StepStats train_step(const float* x, const uint8_t* labels, int64_t batch, uint32_t iteration) override {
    RBMDYN_CHECK(batch <= options_.max_batch, "training batch larger than max_batch");
    const int64_t in = net_.plan().arch.input_size();
    cudaStream_t s = stream_.get();
    RBMDYN_CUDA_CHECK(cudaMemcpyAsync(x_.data(), x, static_cast<std::size_t>(batch * in) * sizeof(float),
                                      cudaMemcpyHostToDevice, s));
    RBMDYN_CUDA_CHECK(cudaMemcpyAsync(labels_.data(), labels, static_cast<std::size_t>(batch), cudaMemcpyHostToDevice, s));
    net_.forward(x_.data(), batch, true, iteration);
    net_.backward(labels_.data());
    net_.sgd_step(options_.lr);
    loss_host_.resize(static_cast<std::size_t>(batch));
    correct_host_.resize(static_cast<std::size_t>(batch));
    RBMDYN_CUDA_CHECK(cudaMemcpyAsync(loss_host_.data(), net_.row_loss(), loss_host_.size() * sizeof(float),
                                      cudaMemcpyDeviceToHost, s));
    RBMDYN_CUDA_CHECK(cudaMemcpyAsync(correct_host_.data(), net_.row_correct(), correct_host_.size(),
                                      cudaMemcpyDeviceToHost, s));
    stream_.synchronize();
    StepStats stats;
    for (int64_t r = 0; r < batch; ++r) {
      stats.loss_sum += static_cast<double>(loss_host_[static_cast<std::size_t>(r)]);
      stats.correct += correct_host_[static_cast<std::size_t>(r)];
    }
    return stats;
  }

  void predict(const float* x, int64_t n, float* probs) override {
    const int64_t in = net_.plan().arch.input_size();
    const int classes = net_.plan().arch.classes;
    const int64_t step = options_.eval_batch;
    cudaStream_t s = stream_.get();
    for (int64_t first = 0; first < n; first += step) {
      const int64_t b = std::min(step, n - first);
      RBMDYN_CUDA_CHECK(cudaMemcpyAsync(x_.data(), x + first * in, static_cast<std::size_t>(b * in) * sizeof(float),
                                        cudaMemcpyHostToDevice, s));
      const float* p = net_.forward(x_.data(), step, false);
      RBMDYN_CUDA_CHECK(cudaMemcpyAsync(probs + first * classes, p, static_cast<std::size_t>(b * classes) * sizeof(float),
                                        cudaMemcpyDeviceToHost, s));
      stream_.synchronize();
    }
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
  ClassifierEngineOptions options_;
  CudaStream stream_;
  cls::CudnnNetwork net_;
  DeviceBuffer<float> x_, probs_;
  DeviceBuffer<uint8_t> labels_;
  std::vector<float> loss_host_;
  std::vector<uint8_t> correct_host_;
};

}  // namespace

std::unique_ptr<ClassifierEngine> make_classifier_engine_cuda(const ClassifierModel& model,
                                                              const ClassifierEngineOptions& options) {
  return std::make_unique<CudaClassifierEngine>(model, options);
}

}  // namespace rbmdyn
