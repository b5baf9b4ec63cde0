#pragma once
// Internal to the cuDNN network (network_cuda.cpp: set-up, algorithms, parameter copies;
// network_passes_cuda.cpp: forward and backward passes; network_host_cuda.cpp: the host-array
// interface): its state, and the descriptors and algorithms of one batch size and mode.
#include <cudnn.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "host/classifier/cudnn_handles.hpp"
#include "host/classifier/network_cuda.hpp"
#include "host/runtime/device_buffer.hpp"
#include "host/runtime/staging_ring.hpp"

namespace rbmdyn::cls {

struct ConvAlgos {
  ConvDesc fwd_desc, bwd_data_desc, bwd_filter_desc;  // one per direction: each carries its math type
  cudnnConvolutionFwdAlgo_t fwd{};
  cudnnConvolutionBwdDataAlgo_t bwd_data{};
  cudnnConvolutionBwdFilterAlgo_t bwd_filter{};
  std::string text;
};

// Descriptors and algorithms for one batch size and mode.
struct Shape {
  int64_t batch = 0;
  bool training = false;
  TensorDesc input;
  std::vector<TensorDesc> out;                   // per layer: [B, C, H, W] or [B, F, 1, 1]
  std::vector<TensorDesc> bn;                    // per layer (BN layers only set)
  std::vector<std::unique_ptr<ConvAlgos>> conv;  // per layer (conv layers only)
  std::size_t workspace = 0;
};

struct CudnnNetwork::Impl {
  NetworkPlan plan;
  NetworkOptions requested;   // as given (described as such)
  CudaMathOptions math;       // in effect: fp32 when deterministic
  std::optional<CudaStream> own_stream;
  cudaStream_t stream = nullptr;
  CudnnHandle cudnn;
  CublasHandle cublas;
  std::vector<FilterDesc> filter;  // per layer (conv only)
  std::vector<TensorDesc> bias;    // per layer (conv only): [1, C, 1, 1]
  PoolDesc pool;
  ActivationDesc relu;
  std::map<std::pair<int64_t, bool>, std::unique_ptr<Shape>> shapes;

  DeviceBuffer<float> params, grads, buffers;
  DeviceBuffer<uint8_t> workspace;
  // Activations: training keeps every layer's output; eval ping-pongs two buffers. In-place layers
  // (ReLU; flatten; eval-mode dropout) share their input's buffer.
  struct Activations {
    std::vector<int> act_of;
    std::vector<DeviceBuffer<float>> bufs;
    int64_t capacity = 0;
  } train_acts, eval_acts;
  DeviceBuffer<float> grad_a, grad_b;
  std::vector<DeviceBuffer<float>> save_mean, save_invvar, mask;  // per layer
  DeviceBuffer<float> loss;
  DeviceBuffer<uint8_t> correct;
  int64_t train_capacity = 0;

  // The host-array interface (allocated on first use). Training inputs go through a pinned staging
  // ring with asynchronous copies, and each step's loss and correct count are summed on the device into
  // a slot of step_loss/step_correct; take_step_stats() downloads all pending slots with one sync (once
  // per epoch in the trainer) instead of copies and a sync per step.
  DeviceBuffer<float> host_x;  // [max(max_batch, eval_batch), input size]; padding rows stay finite
  DeviceBuffer<uint8_t> host_labels;
  std::optional<StagingRing> staging;
  DeviceBuffer<double> step_loss;      // [kMaxPendingSteps]: loss sum of pending step k
  DeviceBuffer<int64_t> step_correct;  // [kMaxPendingSteps]
  PinnedBuffer<double> host_loss;
  PinnedBuffer<int64_t> host_correct;
  PinnedBuffer<float> host_probs;
  int64_t pending = 0;
  std::vector<StepStats> taken;
  static constexpr int kStagingSlots = 3;            // uploads in flight before the host waits
  static constexpr int64_t kMaxPendingSteps = 4096;  // ≥ one epoch of the paper's recipe (1771 steps of 64)

  // Last forward.
  const float* input = nullptr;
  int64_t batch = 0;
  bool training = false;
  Shape* shape = nullptr;

  Activations& acts(bool train) { return train ? train_acts : eval_acts; }
  float* act(int i) {
    Activations& a = acts(training);
    return a.bufs[static_cast<std::size_t>(a.act_of[static_cast<std::size_t>(i)])].data();
  }
  const float* param(int slot) const { return params.data() + plan.params[static_cast<std::size_t>(slot)].offset; }
  float* grad(int slot) { return grads.data() + plan.params[static_cast<std::size_t>(slot)].offset; }
  float* buffer(int slot) { return buffers.data() + plan.buffers[static_cast<std::size_t>(slot)].offset; }
  double bn_eps() const { return std::max(static_cast<double>(plan.arch.bn_eps), CUDNN_BN_MIN_EPSILON); }

  Shape& get_shape(int64_t b, bool train);
  // Descriptors and the chosen algorithms of conv layer i for the shape's batch (backward ones only when
  // training).
  std::unique_ptr<ConvAlgos> find_conv_algorithms(std::size_t i, const TensorDesc& in_desc, Shape& s, bool train);
  void ensure_activations(int64_t b, bool train);
  void ensure_host_staging();
  // Downloads the pending steps' statistics (one sync) and appends them to `taken` in step order.
  void drain();
};

}  // namespace rbmdyn::cls
