#include "host/classifier/network_cudnn.hpp"

#include <algorithm>
#include <map>
#include <sstream>

#include "host/blas/gpu_blas.hpp"
#include "host/classifier/classifier_math.hpp"
#include "host/classifier/cudnn_algorithms.hpp"
#include "host/classifier/cudnn_handles.hpp"
#include "host/core/error.hpp"
#include "host/runtime/cuda_versions.hpp"
#include "host/runtime/device_buffer.hpp"
#include "host/runtime/nvtx.hpp"
#include "kernels/classifier_ops.cuh"

namespace rbmdyn::cls {
namespace {

const char* fwd_algo_name(cudnnConvolutionFwdAlgo_t a) {
  switch (a) {
    case CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM: return "IMPLICIT_GEMM";
    case CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM: return "IMPLICIT_PRECOMP_GEMM";
    case CUDNN_CONVOLUTION_FWD_ALGO_GEMM: return "GEMM";
    case CUDNN_CONVOLUTION_FWD_ALGO_DIRECT: return "DIRECT";
    case CUDNN_CONVOLUTION_FWD_ALGO_FFT: return "FFT";
    case CUDNN_CONVOLUTION_FWD_ALGO_FFT_TILING: return "FFT_TILING";
    case CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD: return "WINOGRAD";
    case CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD_NONFUSED: return "WINOGRAD_NONFUSED";
    default: return "?";
  }
}
const char* bwd_data_algo_name(cudnnConvolutionBwdDataAlgo_t a) {
  switch (a) {
    case CUDNN_CONVOLUTION_BWD_DATA_ALGO_0: return "ALGO_0";
    case CUDNN_CONVOLUTION_BWD_DATA_ALGO_1: return "ALGO_1";
    case CUDNN_CONVOLUTION_BWD_DATA_ALGO_FFT: return "FFT";
    case CUDNN_CONVOLUTION_BWD_DATA_ALGO_FFT_TILING: return "FFT_TILING";
    case CUDNN_CONVOLUTION_BWD_DATA_ALGO_WINOGRAD: return "WINOGRAD";
    case CUDNN_CONVOLUTION_BWD_DATA_ALGO_WINOGRAD_NONFUSED: return "WINOGRAD_NONFUSED";
    default: return "?";
  }
}
const char* bwd_filter_algo_name(cudnnConvolutionBwdFilterAlgo_t a) {
  switch (a) {
    case CUDNN_CONVOLUTION_BWD_FILTER_ALGO_0: return "ALGO_0";
    case CUDNN_CONVOLUTION_BWD_FILTER_ALGO_1: return "ALGO_1";
    case CUDNN_CONVOLUTION_BWD_FILTER_ALGO_FFT: return "FFT";
    case CUDNN_CONVOLUTION_BWD_FILTER_ALGO_3: return "ALGO_3";
    case CUDNN_CONVOLUTION_BWD_FILTER_ALGO_WINOGRAD_NONFUSED: return "WINOGRAD_NONFUSED";
    case CUDNN_CONVOLUTION_BWD_FILTER_ALGO_FFT_TILING: return "FFT_TILING";
    default: return "?";
  }
}
const char* math_name(cudnnMathType_t m) {
  switch (m) {
    case CUDNN_DEFAULT_MATH: return "default";
    case CUDNN_TENSOR_OP_MATH: return "tensor_op";
    case CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION: return "tensor_op_conv";
    case CUDNN_FMA_MATH: return "fma";
    default: return "?";
  }
}

// The first (fastest) usable result of a cudnnFind*Algorithm call.
template <class Perf>
const Perf& choose(const Perf* perf, int count, const CudnnNetworkOptions& o, const std::string& what) {
  for (int i = 0; i < count; ++i) {
    const Perf& p = perf[i];
    if (p.status != CUDNN_STATUS_SUCCESS) continue;
    if (o.deterministic && p.determinism != CUDNN_DETERMINISTIC) continue;
    if (!cudnn_math_allowed(o.math, p.mathType)) continue;
    return p;
  }
  fail("cuDNN offers no usable algorithm for " + what + " (math " + math_mode_name(o.math) +
       (o.deterministic ? ", deterministic" : "") + ")");
}

void set_4d(const TensorDesc& d, int64_t n, int64_t c, int64_t h, int64_t w) {
  RBMDYN_CUDNN_CHECK(cudnnSetTensor4dDescriptor(d.get(), CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, static_cast<int>(n),
                                                static_cast<int>(c), static_cast<int>(h), static_cast<int>(w)));
}

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
  std::vector<TensorDesc> out;    // per layer: [B, C, H, W] or [B, F, 1, 1]
  std::vector<TensorDesc> bn;     // per layer (BN layers only set)
  std::vector<std::unique_ptr<ConvAlgos>> conv;  // per layer (conv layers only)
  std::size_t workspace = 0;
};

}  // namespace

struct CudnnNetwork::Impl {
  NetworkPlan plan;
  CudnnNetworkOptions options;
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
  void ensure_activations(int64_t b, bool train);
};

CudnnNetwork::CudnnNetwork(NetworkPlan plan, const CudnnNetworkOptions& options, cudaStream_t stream)
    : impl_((check_cudnn_version(), std::make_unique<Impl>())) {  // the check before cudnnCreate
  Impl& m = *impl_;
  m.plan = std::move(plan);
  m.options = options;
  if (m.options.deterministic) m.options.math = MathMode::fp32;
  RBMDYN_CHECK(m.plan.arch.classes <= kMaxLossClasses, "too many classes for the loss kernel");
  set_stream(stream);
  RBMDYN_CUBLAS_CHECK(cublasSetMathMode(
      m.cublas.get(), m.options.math == MathMode::tf32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH));
  const std::size_t n = m.plan.layers.size();
  m.filter.resize(n);
  m.bias.resize(n);
  m.save_mean.resize(n);
  m.save_invvar.resize(n);
  m.mask.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Layer& l = m.plan.layers[i];
    if (l.kind == LayerKind::conv) {
      RBMDYN_CUDNN_CHECK(cudnnSetFilter4dDescriptor(m.filter[i].get(), CUDNN_DATA_FLOAT, CUDNN_TENSOR_NCHW,
                                                    l.out_channels, l.in_channels, 3, 3));
      set_4d(m.bias[i], 1, l.out_channels, 1, 1);
    }
    if (l.kind == LayerKind::batch_norm) {
      m.save_mean[i].resize(static_cast<std::size_t>(l.out_channels));
      m.save_invvar[i].resize(static_cast<std::size_t>(l.out_channels));
    }
  }
  RBMDYN_CUDNN_CHECK(cudnnSetPooling2dDescriptor(m.pool.get(), CUDNN_POOLING_MAX_DETERMINISTIC,
                                                 CUDNN_NOT_PROPAGATE_NAN, 2, 2, 0, 0, 2, 2));
  RBMDYN_CUDNN_CHECK(
      cudnnSetActivationDescriptor(m.relu.get(), CUDNN_ACTIVATION_RELU, CUDNN_NOT_PROPAGATE_NAN, 0.0));
  m.params.resize(static_cast<std::size_t>(m.plan.param_count));
  m.grads.resize(static_cast<std::size_t>(m.plan.param_count));
  m.buffers.resize(static_cast<std::size_t>(m.plan.buffer_count));
  m.grads.zero(m.stream);
}

CudnnNetwork::~CudnnNetwork() = default;

const NetworkPlan& CudnnNetwork::plan() const { return impl_->plan; }

void CudnnNetwork::set_stream(cudaStream_t stream) {
  impl_->stream = stream;
  RBMDYN_CUDNN_CHECK(cudnnSetStream(impl_->cudnn.get(), stream));
  RBMDYN_CUBLAS_CHECK(cublasSetStream(impl_->cublas.get(), stream));
}

void CudnnNetwork::upload(const std::vector<float>& params, const std::vector<float>& buffers) {
  Impl& m = *impl_;
  RBMDYN_CHECK(static_cast<int64_t>(params.size()) == m.plan.param_count, "parameter count mismatch");
  RBMDYN_CHECK(static_cast<int64_t>(buffers.size()) == m.plan.buffer_count, "buffer count mismatch");
  // Ordered on the network's stream: after the work already enqueued there, before any later forward.
  m.params.upload(params, m.stream);
  m.buffers.upload(buffers, m.stream);
}

void CudnnNetwork::download(std::vector<float>& params, std::vector<float>& buffers) const {
  params = impl_->params.to_host(impl_->stream);
  buffers = impl_->buffers.to_host(impl_->stream);
}

Shape& CudnnNetwork::Impl::get_shape(int64_t b, bool train) {
  auto key = std::make_pair(b, train);
  auto found = shapes.find(key);
  if (found != shapes.end()) return *found->second;
  auto s = std::make_unique<Shape>();
  s->batch = b;
  s->training = train;
  const ClassifierArch& arch = plan.arch;
  set_4d(s->input, b, arch.in_channels, arch.input_side, arch.input_side);
  const std::size_t n = plan.layers.size();
  s->out.resize(n);
  s->bn.resize(n);
  s->conv.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Layer& l = plan.layers[i];
    if (l.out_channels > 0 && l.kind != LayerKind::flatten)
      set_4d(s->out[i], b, l.out_channels, l.out_side, l.out_side);
    else
      set_4d(s->out[i], b, l.out_size, 1, 1);
    const TensorDesc& in_desc = i == 0 ? s->input : s->out[i - 1];
    if (l.kind == LayerKind::batch_norm)
      RBMDYN_CUDNN_CHECK(cudnnDeriveBNTensorDescriptor(s->bn[i].get(), in_desc.get(), CUDNN_BATCHNORM_SPATIAL));
    if (l.kind != LayerKind::conv) continue;
    auto c = std::make_unique<ConvAlgos>();
    const cudnnMathType_t base = options.math == MathMode::fp32 ? CUDNN_FMA_MATH : CUDNN_DEFAULT_MATH;
    for (const ConvDesc* d : {&c->fwd_desc, &c->bwd_data_desc, &c->bwd_filter_desc}) {
      RBMDYN_CUDNN_CHECK(cudnnSetConvolution2dDescriptor(d->get(), 1, 1, 1, 1, 1, 1, CUDNN_CROSS_CORRELATION,
                                                         CUDNN_DATA_FLOAT));
      RBMDYN_CUDNN_CHECK(cudnnSetConvolutionMathType(d->get(), base));
    }
    const std::string what = l.name + " (batch " + std::to_string(b) + ")";
    std::ostringstream text;
    text << l.name << " B=" << b;
    {
      cudnnConvolutionFwdAlgoPerf_t perf[CUDNN_CONVOLUTION_FWD_ALGO_COUNT];
      int count = 0;
      RBMDYN_CUDNN_CHECK(cudnnFindConvolutionForwardAlgorithm(cudnn.get(), in_desc.get(), filter[i].get(),
                                                              c->fwd_desc.get(), s->out[i].get(),
                                                              CUDNN_CONVOLUTION_FWD_ALGO_COUNT, &count, perf));
      const auto& p = choose(perf, count, options, what + " forward");
      c->fwd = p.algo;
      RBMDYN_CUDNN_CHECK(
          cudnnSetConvolutionMathType(c->fwd_desc.get(), cudnn_math_to_run(options.math, p.mathType)));
      std::size_t bytes = 0;
      RBMDYN_CUDNN_CHECK(cudnnGetConvolutionForwardWorkspaceSize(cudnn.get(), in_desc.get(), filter[i].get(),
                                                                 c->fwd_desc.get(), s->out[i].get(), c->fwd, &bytes));
      s->workspace = std::max(s->workspace, bytes);
      text << " fwd=" << fwd_algo_name(p.algo) << "(" << math_name(p.mathType) << ", " << p.time << " ms)";
    }
    if (train) {
      cudnnConvolutionBwdFilterAlgoPerf_t perf[CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT];
      int count = 0;
      RBMDYN_CUDNN_CHECK(cudnnFindConvolutionBackwardFilterAlgorithm(
          cudnn.get(), in_desc.get(), s->out[i].get(), c->bwd_filter_desc.get(), filter[i].get(),
          CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT, &count, perf));
      const auto& p = choose(perf, count, options, what + " backward filter");
      c->bwd_filter = p.algo;
      RBMDYN_CUDNN_CHECK(
          cudnnSetConvolutionMathType(c->bwd_filter_desc.get(), cudnn_math_to_run(options.math, p.mathType)));
      std::size_t bytes = 0;
      RBMDYN_CUDNN_CHECK(cudnnGetConvolutionBackwardFilterWorkspaceSize(cudnn.get(), in_desc.get(), s->out[i].get(),
                                                                        c->bwd_filter_desc.get(), filter[i].get(),
                                                                        c->bwd_filter, &bytes));
      s->workspace = std::max(s->workspace, bytes);
      text << " bwd_filter=" << bwd_filter_algo_name(p.algo) << "(" << math_name(p.mathType) << ", " << p.time
           << " ms)";
      if (i > 0) {
        cudnnConvolutionBwdDataAlgoPerf_t dperf[CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT];
        RBMDYN_CUDNN_CHECK(cudnnFindConvolutionBackwardDataAlgorithm(
            cudnn.get(), filter[i].get(), s->out[i].get(), c->bwd_data_desc.get(), in_desc.get(),
            CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT, &count, dperf));
        const auto& d = choose(dperf, count, options, what + " backward data");
        c->bwd_data = d.algo;
        RBMDYN_CUDNN_CHECK(
            cudnnSetConvolutionMathType(c->bwd_data_desc.get(), cudnn_math_to_run(options.math, d.mathType)));
        RBMDYN_CUDNN_CHECK(cudnnGetConvolutionBackwardDataWorkspaceSize(cudnn.get(), filter[i].get(), s->out[i].get(),
                                                                        c->bwd_data_desc.get(), in_desc.get(),
                                                                        c->bwd_data, &bytes));
        s->workspace = std::max(s->workspace, bytes);
        text << " bwd_data=" << bwd_data_algo_name(d.algo) << "(" << math_name(d.mathType) << ", " << d.time
             << " ms)";
      }
    }
    c->text = text.str();
    s->conv[i] = std::move(c);
  }
  if (workspace.size() < s->workspace) {
    RBMDYN_CUDA_CHECK(cudaStreamSynchronize(stream));
    workspace.resize(s->workspace);
  }
  Shape& ref = *s;
  shapes[key] = std::move(s);
  return ref;
}

void CudnnNetwork::Impl::ensure_activations(int64_t b, bool train) {
  Activations& a = acts(train);
  const auto& layers = plan.layers;
  if (a.act_of.empty()) {
    a.act_of.assign(layers.size(), 0);
    int next = 0;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      const LayerKind k = layers[i].kind;
      const bool in_place = i > 0 && (k == LayerKind::relu || k == LayerKind::flatten ||
                                      (!train && k == LayerKind::dropout));
      if (in_place)
        a.act_of[i] = a.act_of[i - 1];
      else if (train)
        a.act_of[i] = next++;
      else
        a.act_of[i] = i == 0 ? 0 : 1 - a.act_of[i - 1];
    }
    a.bufs.resize(train ? static_cast<std::size_t>(next) : 2);
  }
  if (b <= a.capacity) return;
  RBMDYN_CUDA_CHECK(cudaStreamSynchronize(stream));
  std::vector<int64_t> need(a.bufs.size(), 0);
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const auto k = static_cast<std::size_t>(a.act_of[i]);
    need[k] = std::max(need[k], layers[i].out_size);
  }
  for (std::size_t k = 0; k < a.bufs.size(); ++k) a.bufs[k].resize(static_cast<std::size_t>(b * need[k]));
  a.capacity = b;
  if (train) {
    grad_a.resize(static_cast<std::size_t>(b * plan.max_activation));
    grad_b.resize(static_cast<std::size_t>(b * plan.max_activation));
    for (std::size_t i = 0; i < layers.size(); ++i)
      if (layers[i].kind == LayerKind::dropout) mask[i].resize(static_cast<std::size_t>(b * layers[i].out_size));
    loss.resize(static_cast<std::size_t>(b));
    correct.resize(static_cast<std::size_t>(b));
    train_capacity = b;
  }
}

void CudnnNetwork::prepare(int64_t batch, bool training) {
  RBMDYN_CHECK(batch > 0, "empty batch");
  impl_->get_shape(batch, training);
  impl_->ensure_activations(batch, training);
}

const float* CudnnNetwork::forward(const float* x, int64_t batch, bool training, uint32_t iteration) {
  Impl& m = *impl_;
  NvtxRange range(training ? "classifier/forward_train" : "classify/batch");
  prepare(batch, training);
  m.shape = &m.get_shape(batch, training);
  m.input = x;
  m.batch = batch;
  m.training = training;
  const Shape& s = *m.shape;
  const float one = 1.0f, zero = 0.0f;
  cudnnHandle_t h = m.cudnn.get();
  const float* in = x;
  for (std::size_t i = 0; i < m.plan.layers.size(); ++i) {
    const Layer& l = m.plan.layers[i];
    const int li = static_cast<int>(i);
    float* out = m.act(li);
    const TensorDesc& in_desc = i == 0 ? s.input : s.out[i - 1];
    switch (l.kind) {
      case LayerKind::conv: {
        const ConvAlgos& c = *s.conv[i];
        RBMDYN_CUDNN_CHECK(cudnnConvolutionForward(h, &one, in_desc.get(), in, m.filter[i].get(), m.param(l.weight),
                                                   c.fwd_desc.get(), c.fwd, m.workspace.data(), m.workspace.size(),
                                                   &zero, s.out[i].get(), out));
        RBMDYN_CUDNN_CHECK(cudnnAddTensor(h, &one, m.bias[i].get(), m.param(l.bias), &one, s.out[i].get(), out));
        break;
      }
      case LayerKind::batch_norm:
        if (training)
          RBMDYN_CUDNN_CHECK(cudnnBatchNormalizationForwardTraining(
              h, CUDNN_BATCHNORM_SPATIAL, &one, &zero, in_desc.get(), in, s.out[i].get(), out, s.bn[i].get(),
              m.param(l.weight), m.param(l.bias), static_cast<double>(m.plan.arch.bn_momentum),
              m.buffer(l.running_mean), m.buffer(l.running_var), m.bn_eps(), m.save_mean[i].data(),
              m.save_invvar[i].data()));
        else
          RBMDYN_CUDNN_CHECK(cudnnBatchNormalizationForwardInference(
              h, CUDNN_BATCHNORM_SPATIAL, &one, &zero, in_desc.get(), in, s.out[i].get(), out, s.bn[i].get(),
              m.param(l.weight), m.param(l.bias), m.buffer(l.running_mean), m.buffer(l.running_var), m.bn_eps()));
        break;
      case LayerKind::relu:  // in place (cuDNN allows x == y)
        RBMDYN_CUDNN_CHECK(cudnnActivationForward(h, m.relu.get(), &one, s.out[i].get(), out, &zero, s.out[i].get(), out));
        break;
      case LayerKind::maxpool:
        RBMDYN_CUDNN_CHECK(cudnnPoolingForward(h, m.pool.get(), &one, in_desc.get(), in, &zero, s.out[i].get(), out));
        break;
      case LayerKind::flatten:  // NCHW rows are already (C, H, W)-ordered: shares the buffer
        break;
      case LayerKind::linear: {
        gpu_sgemm(m.cublas.get(), Trans::no, Trans::yes, batch, l.out_size, l.in_size, &one, in, m.param(l.weight),
                  &zero, out);
        kernels::launch_add_bias_rows(out, m.param(l.bias), batch, l.out_size, m.stream);
        break;
      }
      case LayerKind::dropout:
        if (training) {
          if (m.plan.arch.dropout > 0.0f)
            kernels::launch_dropout_forward(in, out, m.mask[i].data(), batch, l.out_size, m.plan.arch.dropout,
                                            m.options.seed, dropout_b(iteration, l.dropout_index), m.stream);
          else
            RBMDYN_CUDA_CHECK(cudaMemcpyAsync(out, in, static_cast<std::size_t>(batch * l.out_size) * sizeof(float),
                                              cudaMemcpyDeviceToDevice, m.stream));
        }
        break;
      case LayerKind::softmax:
        kernels::launch_softmax_rows(in, out, batch, static_cast<int>(l.out_size), m.stream);
        break;
    }
    in = out;
  }
  return in;
}

void CudnnNetwork::backward(const uint8_t* labels) {
  Impl& m = *impl_;
  NvtxRange range("classifier/backward");
  RBMDYN_CHECK(m.training && m.shape != nullptr, "backward() needs a training-mode forward pass first");
  const Shape& s = *m.shape;
  const int64_t batch = m.batch;
  const float one = 1.0f, zero = 0.0f;
  cudnnHandle_t h = m.cudnn.get();
  float* dout = m.grad_a.data();
  float* din = m.grad_b.data();
  const int last = static_cast<int>(m.plan.layers.size()) - 1;
  for (int i = last; i >= 0; --i) {
    const auto ui = static_cast<std::size_t>(i);
    const Layer& l = m.plan.layers[ui];
    const float* in = i > 0 ? m.act(i - 1) : m.input;
    const TensorDesc& in_desc = i == 0 ? s.input : s.out[ui - 1];
    bool swap = true;
    switch (l.kind) {
      case LayerKind::softmax:
        kernels::launch_double_softmax_loss(m.act(i), labels, batch, static_cast<int>(l.out_size), din, m.loss.data(),
                                            m.correct.data(), m.stream);
        break;
      case LayerKind::linear:
        gpu_sgemm(m.cublas.get(), Trans::yes, Trans::no, l.out_size, l.in_size, batch, &one, dout, in, &zero,
                  m.grad(l.weight));
        kernels::launch_bias_grad_rows(dout, batch, l.out_size, m.grad(l.bias), m.stream);
        gpu_sgemm(m.cublas.get(), Trans::no, Trans::no, batch, l.in_size, l.out_size, &one, dout, m.param(l.weight),
                  &zero, din);
        break;
      case LayerKind::dropout:
        if (m.plan.arch.dropout > 0.0f) kernels::launch_multiply(dout, m.mask[ui].data(), batch * l.out_size, m.stream);
        swap = false;
        break;
      case LayerKind::relu:
        RBMDYN_CUDNN_CHECK(cudnnActivationBackward(h, m.relu.get(), &one, s.out[ui].get(), m.act(i), s.out[ui].get(),
                                                   dout, s.out[ui].get(), m.act(i), &zero, s.out[ui].get(), din));
        break;
      case LayerKind::flatten:
        swap = false;
        break;
      case LayerKind::maxpool:
        RBMDYN_CUDNN_CHECK(cudnnPoolingBackward(h, m.pool.get(), &one, s.out[ui].get(), m.act(i), s.out[ui].get(),
                                                dout, in_desc.get(), in, &zero, in_desc.get(), din));
        break;
      case LayerKind::batch_norm:
        RBMDYN_CUDNN_CHECK(cudnnBatchNormalizationBackward(
            h, CUDNN_BATCHNORM_SPATIAL, &one, &zero, &one, &zero, in_desc.get(), in, s.out[ui].get(), dout,
            in_desc.get(), din, s.bn[ui].get(), m.param(l.weight), m.grad(l.weight), m.grad(l.bias), m.bn_eps(),
            m.save_mean[ui].data(), m.save_invvar[ui].data()));
        break;
      case LayerKind::conv: {
        const ConvAlgos& c = *s.conv[ui];
        RBMDYN_CUDNN_CHECK(cudnnConvolutionBackwardFilter(h, &one, in_desc.get(), in, s.out[ui].get(), dout,
                                                          c.bwd_filter_desc.get(), c.bwd_filter, m.workspace.data(),
                                                          m.workspace.size(), &zero, m.filter[ui].get(),
                                                          m.grad(l.weight)));
        RBMDYN_CUDNN_CHECK(
            cudnnConvolutionBackwardBias(h, &one, s.out[ui].get(), dout, &zero, m.bias[ui].get(), m.grad(l.bias)));
        if (i > 0)
          RBMDYN_CUDNN_CHECK(cudnnConvolutionBackwardData(h, &one, m.filter[ui].get(), m.param(l.weight),
                                                          s.out[ui].get(), dout, c.bwd_data_desc.get(), c.bwd_data,
                                                          m.workspace.data(), m.workspace.size(), &zero, in_desc.get(),
                                                          din));
        break;
      }
    }
    if (swap) std::swap(din, dout);
  }
}

const float* CudnnNetwork::row_loss() const { return impl_->loss.data(); }
const uint8_t* CudnnNetwork::row_correct() const { return impl_->correct.data(); }

void CudnnNetwork::sgd_step(float lr) {
  const float minus_lr = -lr;
  RBMDYN_CUBLAS_CHECK(cublasSaxpy(impl_->cublas.get(), static_cast<int>(impl_->plan.param_count), &minus_lr,
                                  impl_->grads.data(), 1, impl_->params.data(), 1));
}

float* CudnnNetwork::params_device() { return impl_->params.data(); }
const float* CudnnNetwork::grads_device() const { return impl_->grads.data(); }

std::vector<float> CudnnNetwork::layer_output(int i) const {
  Impl& m = *impl_;
  const Layer& l = m.plan.layers[static_cast<std::size_t>(i)];
  std::vector<float> out(static_cast<std::size_t>(m.batch * l.out_size));
  RBMDYN_CUDA_CHECK(
      cudaMemcpyAsync(out.data(), m.act(i), out.size() * sizeof(float), cudaMemcpyDeviceToHost, m.stream));
  RBMDYN_CUDA_CHECK(cudaStreamSynchronize(m.stream));
  return out;
}

std::vector<float> CudnnNetwork::grads() const { return impl_->grads.to_host(impl_->stream); }

std::string CudnnNetwork::algorithms() const {
  std::ostringstream text;
  for (const auto& [key, shape] : impl_->shapes)
    for (const auto& c : shape->conv)
      if (c) text << c->text << (key.second ? " [train]" : " [eval]") << "\n";
  return text.str();
}

}  // namespace rbmdyn::cls
