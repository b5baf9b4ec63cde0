#pragma once
// The whole classifier on the CPU (layers in host/classifier/layers_cpu.hpp), the reference
// implementation of the network interface (host/classifier/network.hpp): float for training and
// inference, double for the gradient checks. One object owns the parameters, their gradients, the BN
// running statistics and the activation buffers for the last forward pass.
#include <cstdint>
#include <string>
#include <vector>

#include "host/classifier/network.hpp"
#include "host/classifier/plan.hpp"

namespace rbmdyn::cls {

template <class T>
class CpuNetwork final : public Network<T> {
 public:
  // `options` gives the dropout seed, the learning rate and the eval batch of the Network interface;
  // forward/backward/sgd_step below take theirs explicitly.
  explicit CpuNetwork(NetworkPlan plan, const NetworkOptions& options = {});

  // Network<T>: forward + backward + sgd_step with options.seed and options.lr; eval-mode forward in
  // chunks of options.eval_batch.
  StepStats train_step(const T* x, const uint8_t* labels, int64_t batch, uint32_t iteration) override;
  void predict(const T* x, int64_t n, T* probs) override;
  ClassifierModel model() const override;
  std::string description() const override { return "cpu (im2col + rbmdyn sgemm, fp32)"; }
  int classes() const override { return plan_.arch.classes; }

  const NetworkPlan& plan() const { return plan_; }
  std::vector<T> params;   // [plan.param_count], flat layout of plan.params
  std::vector<T> grads;    // same layout; written by backward()
  std::vector<T> buffers;  // [plan.buffer_count]: BN running mean/var

  // Forward pass over `batch` images x [batch, C_in·S·S] (per-image NCHW; for one channel simply the
  // 32×32 pixels row-major). training = true: batch statistics (running stats updated), dropout on
  // with draws at (seed, classifier_dropout, a = row, b = iteration·8 + layer). training = false: eval
  // mode. Returns the probabilities [batch, classes]; valid until the next call.
  const T* forward(const T* x, int64_t batch, bool training, uint32_t iteration = 0, uint64_t seed = 0);

  // After a training forward: gradients of the mean double-softmax loss over the batch (method.md
  // §6.3) into `grads`; returns the SUM of the per-row losses.
  double backward(const uint8_t* labels);

  // params −= lr · grads.
  void sgd_step(T lr);

  // Output of layer i of the last forward pass as [batch, out_size] in per-image NCHW/feature order
  // (for parity tests against the cuDNN network). After backward() the buffers of in-place layers
  // (ReLU) still hold their outputs.
  std::vector<T> layer_output(int i) const;
  int64_t last_batch() const { return batch_; }

 private:
  void reserve(int64_t batch, bool training);
  T* act(int i) { return acts_[static_cast<std::size_t>(act_of_[static_cast<std::size_t>(i)])].data(); }
  const T* act(int i) const { return acts_[static_cast<std::size_t>(act_of_[static_cast<std::size_t>(i)])].data(); }

  NetworkPlan plan_;
  NetworkOptions options_;
  int64_t batch_ = 0;
  bool training_ = false;
  std::vector<int> act_of_;  // layer → activation buffer (in-place ReLU shares its input's buffer)
  std::vector<std::vector<T>> acts_;
  std::vector<T> input_;     // the input in CNHW
  std::vector<T> col_;       // im2col workspace
  std::vector<T> grad_a_, grad_b_;
  std::vector<std::vector<T>> bn_mean_, bn_invstd_, dropout_mask_;
  std::vector<std::vector<uint8_t>> pool_arg_;
};

extern template class CpuNetwork<float>;
extern template class CpuNetwork<double>;

}  // namespace rbmdyn::cls
