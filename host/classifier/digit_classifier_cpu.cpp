// The CPU DigitClassifier: bicubic resize, eval-mode forward of the CPU network, argmax and entropy.
#include "host/classifier/digit_classifier.hpp"

#include <omp.h>

#include <algorithm>
#include <vector>

#include "host/classifier/network_cpu.hpp"
#include "host/core/error.hpp"
#include "host/core/study.hpp"
#include "host/data/resize.hpp"
#include "host/ops/classifier_math.hpp"
#include "host/runtime/nvtx.hpp"

namespace rbmdyn {
namespace {

// Chunks of `batch` images are independent in eval mode. With enough chunks, each thread runs whole
// chunks through its own copy of the network (one parallel region per call: on a small or busy machine
// the per-layer parallel loops' barriers cost more than the work); otherwise chunks run one after the
// other with the layers' own parallel loops. Either way each image's result is the same.
class CpuDigitClassifier final : public DigitClassifier {
 public:
  CpuDigitClassifier(const ClassifierModel& model, const DigitClassifierOptions& options)
      : DigitClassifier(model.arch, Backend::cpu, options.batch > 0 ? options.batch : 256), model_(model) {
    model.check_sizes();
  }

  std::string description() const override {
    return "cpu (im2col + rbmdyn sgemm, fp32), batch " + std::to_string(batch());
  }

 protected:
  void classify(const float* x, int64_t n, bool prepared, uint8_t* pred, float* entropy, float* probs,
                StreamHandle) override {
    const int64_t chunks = (n + batch() - 1) / batch();
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
    const int classes = arch().classes;
    const int64_t in = arch().input_size();
    const int64_t first = chunk * batch();
    const int64_t b = std::min(batch(), n - first);
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

}  // namespace

std::unique_ptr<DigitClassifier> make_digit_classifier_cpu(const ClassifierModel& model,
                                                           const DigitClassifierOptions& options) {
  return std::make_unique<CpuDigitClassifier>(model, options);
}

}  // namespace rbmdyn
