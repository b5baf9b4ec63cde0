// The CPU classifier engine and the backend dispatch.
#include <algorithm>

#include "host/classifier/classifier_math.hpp"
#include "host/classifier/engine.hpp"
#include "host/classifier/network_cpu.hpp"
#include "host/core/error.hpp"

namespace rbmdyn {

MathMode parse_math_mode(const std::string& text, const std::string& option) {
  if (text == "fp32") return MathMode::fp32;
  if (text == "tf32") return MathMode::tf32;
  fail_input(option + " " + text + ": expected fp32 or tf32");
}

const char* math_mode_name(MathMode mode) { return mode == MathMode::fp32 ? "fp32" : "tf32"; }

namespace {

class CpuClassifierEngine final : public ClassifierEngine {
 public:
  CpuClassifierEngine(const ClassifierModel& model, const ClassifierEngineOptions& options)
      : options_(options), net_(make_plan(model.arch)) {
    model.check_sizes();
    net_.params = model.params;
    net_.buffers = model.buffers;
  }

  StepStats train_step(const float* x, const uint8_t* labels, int64_t batch, uint32_t iteration) override {
    const float* p = net_.forward(x, batch, true, iteration, options_.seed);
    const int classes = net_.plan().arch.classes;
    StepStats stats;
    for (int64_t r = 0; r < batch; ++r) stats.correct += cls::argmax_row(p + r * classes, classes) == labels[r];
    stats.loss_sum = net_.backward(labels);
    net_.sgd_step(options_.lr);
    return stats;
  }

  void predict(const float* x, int64_t n, float* probs) override {
    const int classes = net_.plan().arch.classes;
    const int64_t in = net_.plan().arch.input_size();
    const int64_t step = std::max<int64_t>(1, options_.eval_batch);
    for (int64_t first = 0; first < n; first += step) {
      const int64_t b = std::min(step, n - first);
      const float* p = net_.forward(x + first * in, b, false);
      std::copy_n(p, b * classes, probs + first * classes);
    }
  }

  ClassifierModel model() const override { return ClassifierModel{net_.plan().arch, net_.params, net_.buffers}; }
  std::string description() const override { return "cpu (im2col + rbmdyn sgemm, fp32)"; }
  int classes() const override { return net_.plan().arch.classes; }

 private:
  ClassifierEngineOptions options_;
  cls::CpuNetwork<float> net_;
};

}  // namespace

std::unique_ptr<ClassifierEngine> make_classifier_engine_cpu(const ClassifierModel& model,
                                                             const ClassifierEngineOptions& options) {
  return std::make_unique<CpuClassifierEngine>(model, options);
}

std::unique_ptr<ClassifierEngine> make_classifier_engine(Backend backend, const ClassifierModel& model,
                                                         const ClassifierEngineOptions& options) {
  if (backend == Backend::cpu) return make_classifier_engine_cpu(model, options);
  require_backend_available(backend);
#ifdef RBMDYN_HAVE_CUDA
  return make_classifier_engine_cuda(model, options);
#else
  fail_input("--device cuda: this build has no CUDA backend");
#endif
}

}  // namespace rbmdyn
