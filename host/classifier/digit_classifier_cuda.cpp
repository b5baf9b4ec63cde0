// DigitClassifier on a GPU: bicubic resize kernel → cuDNN eval forward → argmax/entropy kernel, all on
// the caller's stream. Every buffer and the cuDNN algorithms are set up at construction for one
// internal batch size; a shorter last chunk is run padded to that size (eval-mode rows are
// independent, and the padding rows hold finite stale inputs), so classify never allocates or
// synchronises.
#include <algorithm>

#include "host/classifier/digit_classifier.hpp"
#include "host/classifier/network_cuda.hpp"
#include "host/runtime/device_buffer.hpp"
#include "kernels/classifier_ops.cuh"
#include "kernels/resize.cuh"

namespace rbmdyn {
namespace {

NetworkOptions eval_network_options(const DigitClassifierOptions& options) {
  NetworkOptions o;
  o.seed = 0;  // eval mode draws no dropout
  o.cuda = options.cuda;
  return o;
}

class CudaDigitClassifier final : public DigitClassifier {
 public:
  CudaDigitClassifier(const ClassifierModel& model, const DigitClassifierOptions& options)
      : DigitClassifier(model.arch, Backend::cuda, options.batch > 0 ? options.batch : 2048),
        net_(make_plan(model.arch), eval_network_options(options), stream_.get()),
        math_(options.cuda.effective()) {
    model.check_sizes();
    net_.upload(model.params, model.buffers);
    x32_.resize(static_cast<std::size_t>(batch() * arch().input_size()));
    x32_.zero(stream_.get());
    net_.prepare(batch(), false);
    // classify() runs on the caller's stream, which is not ordered after stream_: finish the setup here.
    stream_.synchronize();
  }

  std::string description() const override {
    return std::string("cuda (cuDNN + cuBLAS, ") + math_mode_name(math_) + "), batch " + std::to_string(batch()) +
           "\n" + net_.algorithms();
  }

 protected:
  void classify(const float* x, int64_t n, bool prepared, uint8_t* pred, float* entropy, float* probs,
                StreamHandle stream) override {
    net_.set_stream(stream);
    const int classes = arch().classes;
    const int64_t in = arch().input_size();
    const int64_t per_pass = batch();
    for (int64_t first = 0; first < n; first += per_pass) {
      const int64_t b = std::min(per_pass, n - first);
      const float* input = x32_.data();
      if (!prepared)
        kernels::launch_resize_bicubic(x + first * 784, b, x32_.data(), stream);
      else if (b == per_pass)
        input = x + first * in;
      else
        RBMDYN_CUDA_CHECK(cudaMemcpyAsync(x32_.data(), x + first * in, static_cast<std::size_t>(b * in) * sizeof(float),
                                          cudaMemcpyDeviceToDevice, stream));
      const float* p = net_.forward(input, per_pass, false);
      kernels::launch_classify_rows(p, b, classes, pred + first, entropy + first,
                                    probs != nullptr ? probs + first * classes : nullptr, stream);
    }
    // Bound to our own stream again: the caller's (a Gibbs engine's) may be destroyed before us, and a
    // handle must not outlive the stream it is set to.
    net_.set_stream(stream_.get());
  }

  // Host arrays: chunks of 8 internal batches are copied in and the results out on stream_ (pageable
  // copies, ordered on the stream; one host sync per chunk).
  void classify_host(const float* x, int64_t n, bool prepared, uint8_t* pred, float* entropy, float* probs) override {
    const int64_t width = prepared ? arch().input_size() : 784;
    const int classes = arch().classes;
    const int64_t chunk = 8 * batch();
    in_.resize(static_cast<std::size_t>(std::min(chunk, n) * width));
    pred_.resize(static_cast<std::size_t>(std::min(chunk, n)));
    entropy_.resize(pred_.size());
    if (probs != nullptr) probs_.resize(pred_.size() * static_cast<std::size_t>(classes));
    for (int64_t first = 0; first < n; first += chunk) {
      const int64_t m = std::min(chunk, n - first);
      RBMDYN_CUDA_CHECK(cudaMemcpyAsync(in_.data(), x + first * width, static_cast<std::size_t>(m * width) * sizeof(float),
                                        cudaMemcpyHostToDevice, stream_.get()));
      classify(in_.data(), m, prepared, pred_.data(), entropy_.data(), probs != nullptr ? probs_.data() : nullptr,
               stream_.get());
      RBMDYN_CUDA_CHECK(cudaMemcpyAsync(pred + first, pred_.data(), static_cast<std::size_t>(m), cudaMemcpyDeviceToHost,
                                        stream_.get()));
      RBMDYN_CUDA_CHECK(cudaMemcpyAsync(entropy + first, entropy_.data(), static_cast<std::size_t>(m) * sizeof(float),
                                        cudaMemcpyDeviceToHost, stream_.get()));
      if (probs != nullptr)
        RBMDYN_CUDA_CHECK(cudaMemcpyAsync(probs + first * classes, probs_.data(),
                                          static_cast<std::size_t>(m * classes) * sizeof(float), cudaMemcpyDeviceToHost,
                                          stream_.get()));
      stream_.synchronize();
    }
  }

 private:
  // Declared (so constructed) before and destroyed after net_, whose cuDNN and cuBLAS handles are
  // bound to it: a handle must never outlive the stream it was last set to.
  CudaStream stream_;
  cls::CudnnNetwork net_;
  DeviceBuffer<float> x32_;
  DeviceBuffer<float> in_, entropy_, probs_;  // host-array path
  DeviceBuffer<uint8_t> pred_;
  MathMode math_;
};

}  // namespace

std::unique_ptr<DigitClassifier> make_digit_classifier_cuda(const ClassifierModel& model,
                                                            const DigitClassifierOptions& options) {
  return std::make_unique<CudaDigitClassifier>(model, options);
}

}  // namespace rbmdyn
