#pragma once
// The classifier network (method.md §6.1, §6.3): one interface, two implementations — the CPU network
// (host/classifier/network_cpu.hpp, im2col + BLAS, the reference) and the cuDNN network
// (host/classifier/network_cuda.hpp). The trainer and the accuracy helpers drive either through this
// interface with host arrays of prepared 32×32 inputs; the digit classifier (digit_classifier.hpp)
// builds on the same two networks for inference on RBM samples.
//
// The interface is a template only so that the CPU network can also run in double for the gradient
// checks (tests/classifier/gradient_check_test.cpp); everything else uses ClassifierNetwork (float).
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "host/classifier/model.hpp"
#include "host/runtime/cuda_math.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn {

struct NetworkOptions {
  uint64_t seed = 1;          // dropout stream
  float lr = 0.01f;           // SGD learning rate
  int64_t max_batch = 64;     // the largest training batch
  int64_t eval_batch = 1024;  // images per internal eval-mode forward pass of predict()
  CudaMathOptions cuda;       // cuDNN/cuBLAS arithmetic (the CPU always computes in plain fp32/fp64)
};

struct StepStats {
  double loss_sum = 0;  // Σ of per-row losses of the batch
  int64_t correct = 0;  // rows whose argmax equals the label
};

template <class T>
class Network {
 public:
  virtual ~Network() = default;
  // One SGD step on x [batch, 1024] (host) with labels [batch] in training mode (batch statistics,
  // dropout drawn at b = iteration·8 + layer). Returns the batch's loss sum and correct count, computed
  // from the training-mode outputs before the update.
  virtual StepStats train_step(const T* x, const uint8_t* labels, int64_t batch, uint32_t iteration) = 0;
  // The same step, possibly run later. An asynchronous network (CUDA) only enqueues it and keeps its
  // statistics on the device; take_step_stats() returns them, one per step in enqueue order, waiting
  // for the device once for any number of steps. x and labels may be reused when the call returns.
  // A synchronous network (CPU) runs the step right here. Do not mix with train_step() while steps
  // are pending.
  virtual void enqueue_train_step(const T* x, const uint8_t* labels, int64_t batch, uint32_t iteration) {
    ran_steps_.push_back(train_step(x, labels, batch, iteration));
  }
  virtual std::vector<StepStats> take_step_stats() { return std::exchange(ran_steps_, {}); }
  // True when enqueue_train_step() returns before the step has run (so take_step_stats() costs a sync).
  virtual bool asynchronous() const { return false; }
  // Eval-mode probabilities [n, classes] for host x [n, 1024]; any n.
  virtual void predict(const T* x, int64_t n, T* probs) = 0;
  // The current parameters and running statistics (downloaded from the device if needed).
  virtual ClassifierModel model() const = 0;
  virtual std::string description() const = 0;  // backend, math mode, chosen algorithms
  virtual int classes() const = 0;

 private:
  std::vector<StepStats> ran_steps_;  // steps a synchronous network ran in enqueue_train_step()
};
using ClassifierNetwork = Network<float>;

// The network for `model` on `backend`, holding a copy of its parameters. InputError when the backend
// is not usable here.
std::unique_ptr<ClassifierNetwork> make_classifier_network(Backend backend, const ClassifierModel& model,
                                                           const NetworkOptions& options);
std::unique_ptr<ClassifierNetwork> make_classifier_network_cpu(const ClassifierModel& model,
                                                               const NetworkOptions& options);
#ifdef RBMDYN_HAVE_CUDA
std::unique_ptr<ClassifierNetwork> make_classifier_network_cuda(const ClassifierModel& model,
                                                                const NetworkOptions& options);
#endif

}  // namespace rbmdyn
