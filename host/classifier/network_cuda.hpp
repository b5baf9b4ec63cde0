#pragma once
// The classifier on the GPU: cuDNN for convolution (forward, backward data, backward filter, bias),
// BatchNorm (spatial; training, inference, backward), max pooling and ReLU; cuBLAS for the linear
// layers; own kernels (kernels/classifier_ops.cuh) for the bias of linear layers, dropout, softmax and
// the double-softmax loss. Layout NCHW (per image (C, H, W), so flatten is free and matches PyTorch).
// CPU twin: host/classifier/network_cpu.hpp (same plan, same parameter layout, same dropout draws).
// It implements the network interface (host/classifier/network.hpp) for host arrays (network_host_cuda.cpp:
// training inputs go through a pinned staging ring, each step's statistics stay on the device until
// take_step_stats(); eval batches are padded to options.eval_batch so that a single set of algorithms
// serves every call, rows being independent in eval mode) and offers the device-pointer passes below to
// the CUDA digit classifier and the parity tests.
//
// Convolution algorithms are chosen by measurement (cudnnFind*Algorithm) once per batch size used:
// the fastest whose math type the MathMode allows (fp32: no tensor-op math, run with CUDNN_FMA_MATH set
// explicitly; tf32: any; see cudnn_algorithms.hpp) and, in deterministic mode, that cuDNN reports
// deterministic.
//
// Everything is enqueued on the stream given to the constructor (or set_stream), or on the network's own
// stream; no device-pointer call synchronises the host except construction, the first use of a new batch
// size (algorithm search and buffer allocation) and the host copies (download, layer_output, grads;
// upload is ordered on the stream); the Network interface calls return when their results are on the
// host, except enqueue_train_step (its statistics come with take_step_stats).
#include <cuda_runtime.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "host/classifier/network.hpp"
#include "host/classifier/plan.hpp"
#include "host/runtime/stream.hpp"

namespace rbmdyn::cls {

class CudnnNetwork final : public ClassifierNetwork {
 public:
  // Enqueues on `stream` (nullptr: the legacy default stream). options.seed is the dropout stream,
  // options.cuda the arithmetic; lr, max_batch and eval_batch serve the Network interface.
  CudnnNetwork(NetworkPlan plan, const NetworkOptions& options, StreamHandle stream);
  // The same on a stream of its own (for the Network interface: the trainer's network).
  CudnnNetwork(NetworkPlan plan, const NetworkOptions& options);
  ~CudnnNetwork() override;
  CudnnNetwork(const CudnnNetwork&) = delete;
  CudnnNetwork& operator=(const CudnnNetwork&) = delete;

  // Network: host arrays in and out (see the header comment).
  StepStats train_step(const float* x, const uint8_t* labels, int64_t batch, uint32_t iteration) override;
  void enqueue_train_step(const float* x, const uint8_t* labels, int64_t batch, uint32_t iteration) override;
  std::vector<StepStats> take_step_stats() override;
  bool asynchronous() const override { return true; }
  void predict(const float* x, int64_t n, float* probs) override;
  ClassifierModel model() const override;
  std::string description() const override;  // backend, math mode, then algorithms()
  int classes() const override;

  const NetworkPlan& plan() const;
  void set_stream(StreamHandle stream);

  // Host ↔ device copies of the flat parameter and BN-buffer arrays (plan layout).
  void upload(const std::vector<float>& params, const std::vector<float>& buffers);
  void download(std::vector<float>& params, std::vector<float>& buffers) const;

  // Prepares descriptors, algorithms and buffers for `batch` rows in the given mode (done lazily by
  // forward(); call it ahead to keep the first forward asynchronous).
  void prepare(int64_t batch, bool training);

  // x: device [batch, C_in·S·S], must stay valid until backward() for a training pass. Returns the
  // device probabilities [batch, classes], valid until the next forward.
  const float* forward(const float* x, int64_t batch, bool training, uint32_t iteration = 0);
  // After a training forward: gradients of the mean double-softmax loss into grads_device();
  // labels: device [batch]. Per-row losses and correctness land in row_loss()/row_correct().
  void backward(const uint8_t* labels);
  const float* row_loss() const;
  const uint8_t* row_correct() const;
  // params −= lr·grads (cublasSaxpy).
  void sgd_step(float lr);

  float* params_device();
  const float* grads_device() const;

  // Host copies for parity tests: output of layer i of the last forward ([batch, out_size], NCHW per
  // image), and the parameter gradients (flat).
  std::vector<float> layer_output(int i) const;
  std::vector<float> grads() const;

  // "block1.conv1 fwd=IMPLICIT_PRECOMP_GEMM(tf32) bwd_data=... bwd_filter=..." per conv and batch size.
  std::string algorithms() const;

 private:
  struct Impl;  // internal: host/classifier/network_cuda_impl.hpp

 private:
  void init(NetworkPlan plan, const NetworkOptions& options, StreamHandle stream);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rbmdyn::cls
