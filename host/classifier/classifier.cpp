// DigitClassifier: backend dispatch and the CPU implementation.
#include "host/classifier/classifier.hpp"

#include <omp.h>

#include <algorithm>
#include <vector>

#include "host/classifier/classifier_impl.hpp"
#include "host/classifier/classifier_math.hpp"
#include "host/classifier/network_cpu.hpp"
#include "host/core/error.hpp"
#include "host/data/resize.hpp"
#include "host/runtime/nvtx.hpp"

namespace rbmdyn {
namespace {

// Chunks of `batch` images are independent in eval mode. With enough chunks, each thread runs whole
// chunks through its own copy of the network (one parallel region per call: on a small or busy machine
// the per-layer parallel loops' barriers cost more than the work); otherwise chunks run one after the
// other with the layers' own parallel loops. Either way each image's result is the same.
class CpuDigitClassifier final : public DigitClassifier::Impl {
 public:
  CpuDigitClassifier(const ClassifierModel& model, const DigitClassifierOptions& options) : model_(model) {
    model.check_sizes();
    arch = model.arch;
    backend = Backend::cpu;
    batch = options.batch > 0 ? options.batch : 256;
  }

  void classify(const float* x, int64_t n, bool prepared, uint8_t* pred, float* entropy, float* probs,
                CUstream_st*) override {
    const int64_t chunks = (n + batch - 1) / batch;
    const int threads = omp_get_max_threads();
    if (chunks >= 2 * threads && threads > 1) {
      while (static_cast<int>(workers_.size()) < threads) workers_.push_back(make_worker());
#pragma omp parallel for schedule(dynamic, 1)
      for (int64_t c = 0; c < chunks; ++c) run_chunk(*workers_[static_cast<std::size_t>(omp_get_thread_num())], x, n, c,
                                                     prepared, pred, entropy, probs);
    } else {
      if (workers_.empty()) workers_.push_back(make_worker());
      for (int64_t c = 0; c < chunks; ++c) run_chunk(*workers_[0], x, n, c, prepared, pred, entropy, probs);
    }
  }

  std::string description() const override {
    return "cpu (im2col + rbmdyn sgemm, fp32), batch " + std::to_string(batch);
  }

 private:
  struct Worker {
    explicit Worker(const ClassifierModel& m) : net(make_plan(m.arch)) {
      net.params = m.params;
      net.buffers = m.buffers;
    }
    cls::CpuNetwork<float> net;
    std::vector<float> x32;
  };
  std::unique_ptr<Worker> make_worker() const { return std::make_unique<Worker>(model_); }

  void run_chunk(Worker& w, const float* x, int64_t n, int64_t chunk, bool prepared, uint8_t* pred, float* entropy,
                 float* probs) {
    NvtxRange range("classify/batch");
    const int classes = arch.classes;
    const int64_t in = arch.input_size();
    const int64_t first = chunk * batch;
    const int64_t b = std::min(batch, n - first);
    const float* input = x + first * in;
    if (!prepared) {
      w.x32.resize(static_cast<std::size_t>(b * in));
      resize_torch_bicubic(x + first * 784, b, w.x32.data());
      input = w.x32.data();
    }
    const float* p = w.net.forward(input, b, false);
    for (int64_t r = 0; r < b; ++r) {
      const float* row = p + r * classes;
      pred[first + r] = static_cast<uint8_t>(cls::argmax_row(row, classes));
      entropy[first + r] = cls::digit_entropy(row);
      if (probs != nullptr) std::copy_n(row, classes, probs + (first + r) * classes);
    }
  }

  ClassifierModel model_;
  std::vector<std::unique_ptr<Worker>> workers_;
};

void check_model_for_digits(const ClassifierModel& model) {
  if (model.arch.classes < 11 || model.arch.in_channels != 1 || model.arch.input_side != kResizeOutSide)
    fail_input("classifier architecture '" + model.arch.name + "' cannot label RBM samples: it needs 1×32×32 inputs "
               "and ≥ 11 classes (has " + std::to_string(model.arch.in_channels) + "×" +
               std::to_string(model.arch.input_side) + "², " + std::to_string(model.arch.classes) + " classes)");
}

}  // namespace

std::unique_ptr<DigitClassifier::Impl> make_digit_classifier_cpu(const ClassifierModel& model,
                                                                 const DigitClassifierOptions& options) {
  return std::make_unique<CpuDigitClassifier>(model, options);
}

DigitClassifier DigitClassifier::load(const std::filesystem::path& path, Backend backend,
                                      const DigitClassifierOptions& options) {
  return DigitClassifier(load_classifier(path), backend, options);
}

DigitClassifier::DigitClassifier(const ClassifierModel& model, Backend backend, const DigitClassifierOptions& options) {
  check_model_for_digits(model);
  if (options.batch < 0) fail_input("classifier batch must be ≥ 0");
  if (backend == Backend::cpu) {
    impl_ = make_digit_classifier_cpu(model, options);
    return;
  }
  require_backend_available(backend);
#ifdef RBMDYN_HAVE_CUDA
  impl_ = make_digit_classifier_cuda(model, options);
#else
  fail_input("--device cuda: this build has no CUDA backend");
#endif
}

DigitClassifier::~DigitClassifier() = default;
DigitClassifier::DigitClassifier(DigitClassifier&&) noexcept = default;
DigitClassifier& DigitClassifier::operator=(DigitClassifier&&) noexcept = default;

const ClassifierArch& DigitClassifier::arch() const { return impl_->arch; }
Backend DigitClassifier::backend() const { return impl_->backend; }
int64_t DigitClassifier::batch() const { return impl_->batch; }
std::string DigitClassifier::description() const { return impl_->description(); }

void DigitClassifier::classify_samples(const float* images, int64_t n, uint8_t* pred, float* entropy, float* probs,
                                       CUstream_st* stream) {
  RBMDYN_CHECK(n >= 0, "negative image count");
  if (n > 0) impl_->classify(images, n, false, pred, entropy, probs, stream);
}

void DigitClassifier::classify_prepared(const float* x, int64_t n, uint8_t* pred, float* entropy, float* probs,
                                        CUstream_st* stream) {
  RBMDYN_CHECK(n >= 0, "negative image count");
  if (n > 0) impl_->classify(x, n, true, pred, entropy, probs, stream);
}

}  // namespace rbmdyn

namespace rbmdyn {

void DigitClassifier::classify_samples_host(const float* images, int64_t n, uint8_t* pred, float* entropy,
                                            float* probs) {
  RBMDYN_CHECK(n >= 0, "negative image count");
  if (n > 0) impl_->classify_host(images, n, false, pred, entropy, probs);
}

void DigitClassifier::classify_prepared_host(const float* x, int64_t n, uint8_t* pred, float* entropy, float* probs) {
  RBMDYN_CHECK(n >= 0, "negative image count");
  if (n > 0) impl_->classify_host(x, n, true, pred, entropy, probs);
}

}  // namespace rbmdyn
