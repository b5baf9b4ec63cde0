#pragma once
// Classifier engines: one interface, two implementations: the CPU network (host/classifier/
// network_cpu.hpp, the reference) and the cuDNN network (host/classifier/network_cudnn.hpp). The
// trainer and the evaluation code drive either through it with host arrays of prepared 32×32 inputs.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "host/classifier/model.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn {

// How the CUDA backend does its arithmetic. tf32: cuDNN convolutions and cuBLAS GEMMs may use TF32
// tensor cores (PyTorch's default for convolutions); fp32: plain FP32 (CUDNN_FMA_MATH, cuBLAS pedantic
// math). deterministic: fp32 and only cuDNN algorithms that report deterministic results.
enum class MathMode { fp32, tf32 };
MathMode parse_math_mode(const std::string& text, const std::string& option = "--math");
const char* math_mode_name(MathMode mode);

struct ClassifierEngineOptions {
  uint64_t seed = 1;       // dropout stream
  float lr = 0.01f;        // SGD learning rate
  int64_t max_batch = 64;  // the largest training batch
  int64_t eval_batch = 1024;  // images per internal eval-mode forward pass
  MathMode math = MathMode::tf32;
  bool deterministic = false;
};

struct StepStats {
  double loss_sum = 0;  // Σ of per-row losses of the batch
  int64_t correct = 0;  // rows whose argmax equals the label
};

class ClassifierEngine {
 public:
  virtual ~ClassifierEngine() = default;
  // One SGD step on x [batch, 1024] (host) with labels [batch] in training mode (batch statistics,
  // dropout drawn at b = iteration·8 + layer). Returns the batch's loss sum and correct count, computed
  // from the training-mode outputs before the update.
  virtual StepStats train_step(const float* x, const uint8_t* labels, int64_t batch, uint32_t iteration) = 0;
  // The same step, possibly run later. An asynchronous engine (CUDA) only enqueues it and keeps its
  // statistics on the device; take_step_stats() returns them, one per step in enqueue order, waiting
  // for the device once for any number of steps. x and labels may be reused when the call returns.
  // A synchronous engine (CPU) runs the step right here. Do not mix with train_step() while steps
  // are pending.
  virtual void enqueue_train_step(const float* x, const uint8_t* labels, int64_t batch, uint32_t iteration) {
    ran_steps_.push_back(train_step(x, labels, batch, iteration));
  }
  virtual std::vector<StepStats> take_step_stats() { return std::exchange(ran_steps_, {}); }
  // True when enqueue_train_step() returns before the step has run (so take_step_stats() costs a sync).
  virtual bool asynchronous() const { return false; }
  // Eval-mode probabilities [n, classes] for host x [n, 1024]; any n.
  virtual void predict(const float* x, int64_t n, float* probs) = 0;
  // The current parameters and running statistics (downloaded from the device if needed).
  virtual ClassifierModel model() const = 0;
  virtual std::string description() const = 0;  // backend, math mode, chosen algorithms
  virtual int classes() const = 0;

 private:
  std::vector<StepStats> ran_steps_;  // steps a synchronous engine ran in enqueue_train_step()
};

// InputError when the backend is not usable here.
std::unique_ptr<ClassifierEngine> make_classifier_engine(Backend backend, const ClassifierModel& model,
                                                         const ClassifierEngineOptions& options);
std::unique_ptr<ClassifierEngine> make_classifier_engine_cpu(const ClassifierModel& model,
                                                             const ClassifierEngineOptions& options);
#ifdef RBMDYN_HAVE_CUDA
std::unique_ptr<ClassifierEngine> make_classifier_engine_cuda(const ClassifierModel& model,
                                                              const ClassifierEngineOptions& options);
#endif

}  // namespace rbmdyn
