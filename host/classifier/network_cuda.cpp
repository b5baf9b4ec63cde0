// The cuDNN classifier network (host/classifier/network_cuda.hpp): set-up, the per-batch-size
// descriptors and algorithm search, and host <-> device copies of the parameters. The forward and
// backward passes are in network_passes_cuda.cpp, the host-array Network interface in
// network_host_cuda.cpp.
#include <algorithm>
#include <sstream>

#include "host/classifier/cudnn_algorithms.hpp"
#include "host/classifier/network_cuda_impl.hpp"
#include "host/core/error.hpp"
#include "host/ops/classifier_math.hpp"
#include "host/runtime/cuda_versions.hpp"

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
const Perf& choose(const Perf* perf, int count, const CudaMathOptions& o, const std::string& what) {
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

// One algorithm search of one convolution direction: `find(max, &count, perf)` lists the candidates,
// choose() takes the fastest usable one; its math type goes on `desc`, its workspace into
// `shape.workspace`, and " <label>=ALGO(math, time ms)" into `text`.
template <class Perf, class Find, class WorkspaceSize, class Name>
auto search(int max_count, Find find, WorkspaceSize workspace_size, Name name, const ConvDesc& desc,
            const CudaMathOptions& math, const std::string& what, const char* label, Shape& shape,
            std::ostringstream& text) {
  std::vector<Perf> perf(static_cast<std::size_t>(max_count));
  int count = 0;
  RBMDYN_CUDNN_CHECK(find(max_count, &count, perf.data()));
  const Perf& p = choose(perf.data(), count, math, what);
  RBMDYN_CUDNN_CHECK(cudnnSetConvolutionMathType(desc.get(), cudnn_math_to_run(math.math, p.mathType)));
  std::size_t bytes = 0;
  RBMDYN_CUDNN_CHECK(workspace_size(p.algo, &bytes));
  shape.workspace = std::max(shape.workspace, bytes);
  text << " " << label << "=" << name(p.algo) << "(" << math_name(p.mathType) << ", " << p.time << " ms)";
  return p.algo;
}

void set_4d(const TensorDesc& d, int64_t n, int64_t c, int64_t h, int64_t w) {
  RBMDYN_CUDNN_CHECK(cudnnSetTensor4dDescriptor(d.get(), CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, static_cast<int>(n),
                                                static_cast<int>(c), static_cast<int>(h), static_cast<int>(w)));
}

}  // namespace

CudnnNetwork::CudnnNetwork(NetworkPlan plan, const NetworkOptions& options, StreamHandle stream)
    : impl_((check_cudnn_version(), std::make_unique<Impl>())) {  // the check before cudnnCreate
  init(std::move(plan), options, stream);
}

CudnnNetwork::CudnnNetwork(NetworkPlan plan, const NetworkOptions& options)
    : impl_((check_cudnn_version(), std::make_unique<Impl>())) {
  impl_->own_stream.emplace();  // first, so that the set-up below is ordered on it
  init(std::move(plan), options, impl_->own_stream->get());
}

void CudnnNetwork::init(NetworkPlan plan, const NetworkOptions& options, StreamHandle stream) {
  Impl& m = *impl_;
  m.plan = std::move(plan);
  m.requested = options;
  m.math = CudaMathOptions{options.cuda.effective(), options.cuda.deterministic};
  RBMDYN_CHECK(m.plan.arch.classes <= kMaxLossClasses, "too many classes for the loss kernel");
  set_stream(stream);
  RBMDYN_CUBLAS_CHECK(cublasSetMathMode(
      m.cublas.get(), m.math.math == MathMode::tf32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH));
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
int CudnnNetwork::classes() const { return impl_->plan.arch.classes; }

void CudnnNetwork::set_stream(StreamHandle stream) {
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
    if (l.kind == LayerKind::conv) s->conv[i] = find_conv_algorithms(i, in_desc, *s, train);
  }
  if (workspace.size() < s->workspace) {
    RBMDYN_CUDA_CHECK(cudaStreamSynchronize(stream));
    workspace.resize(s->workspace);
  }
  Shape& ref = *s;
  shapes[key] = std::move(s);
  return ref;
}

std::unique_ptr<ConvAlgos> CudnnNetwork::Impl::find_conv_algorithms(std::size_t i, const TensorDesc& in_desc,
                                                                     Shape& s, bool train) {
  const Layer& l = plan.layers[i];
  const int64_t b = s.batch;
  auto c = std::make_unique<ConvAlgos>();
  const cudnnMathType_t base = math.math == MathMode::fp32 ? CUDNN_FMA_MATH : CUDNN_DEFAULT_MATH;
  for (const ConvDesc* d : {&c->fwd_desc, &c->bwd_data_desc, &c->bwd_filter_desc}) {
    RBMDYN_CUDNN_CHECK(cudnnSetConvolution2dDescriptor(d->get(), 1, 1, 1, 1, 1, 1, CUDNN_CROSS_CORRELATION,
                                                       CUDNN_DATA_FLOAT));
    RBMDYN_CUDNN_CHECK(cudnnSetConvolutionMathType(d->get(), base));
  }
  const std::string what = l.name + " (batch " + std::to_string(b) + ")";
  std::ostringstream text;
  text << l.name << " B=" << b;
  cudnnHandle_t h = cudnn.get();
  cudnnTensorDescriptor_t x = in_desc.get(), y = s.out[i].get();
  cudnnFilterDescriptor_t w = filter[i].get();
  c->fwd = search<cudnnConvolutionFwdAlgoPerf_t>(
      CUDNN_CONVOLUTION_FWD_ALGO_COUNT,
      [&](int max, int* count, cudnnConvolutionFwdAlgoPerf_t* perf) {
        return cudnnFindConvolutionForwardAlgorithm(h, x, w, c->fwd_desc.get(), y, max, count, perf);
      },
      [&](cudnnConvolutionFwdAlgo_t a, std::size_t* bytes) {
        return cudnnGetConvolutionForwardWorkspaceSize(h, x, w, c->fwd_desc.get(), y, a, bytes);
      },
      fwd_algo_name, c->fwd_desc, math, what + " forward", "fwd", s, text);
  if (train) {
    c->bwd_filter = search<cudnnConvolutionBwdFilterAlgoPerf_t>(
        CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT,
        [&](int max, int* count, cudnnConvolutionBwdFilterAlgoPerf_t* perf) {
          return cudnnFindConvolutionBackwardFilterAlgorithm(h, x, y, c->bwd_filter_desc.get(), w, max, count, perf);
        },
        [&](cudnnConvolutionBwdFilterAlgo_t a, std::size_t* bytes) {
          return cudnnGetConvolutionBackwardFilterWorkspaceSize(h, x, y, c->bwd_filter_desc.get(), w, a, bytes);
        },
        bwd_filter_algo_name, c->bwd_filter_desc, math, what + " backward filter", "bwd_filter", s, text);
    if (i > 0)  // the first layer needs no gradient of its input
      c->bwd_data = search<cudnnConvolutionBwdDataAlgoPerf_t>(
          CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT,
          [&](int max, int* count, cudnnConvolutionBwdDataAlgoPerf_t* perf) {
            return cudnnFindConvolutionBackwardDataAlgorithm(h, w, y, c->bwd_data_desc.get(), x, max, count, perf);
          },
          [&](cudnnConvolutionBwdDataAlgo_t a, std::size_t* bytes) {
            return cudnnGetConvolutionBackwardDataWorkspaceSize(h, w, y, c->bwd_data_desc.get(), x, a, bytes);
          },
          bwd_data_algo_name, c->bwd_data_desc, math, what + " backward data", "bwd_data", s, text);
  }
  c->text = text.str();
  return c;
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

std::string CudnnNetwork::algorithms() const {
  std::ostringstream text;
  for (const auto& [key, shape] : impl_->shapes)
    for (const auto& c : shape->conv)
      if (c) text << c->text << (key.second ? " [train]" : " [eval]") << "\n";
  return text.str();
}

}  // namespace rbmdyn::cls

namespace rbmdyn {

std::unique_ptr<ClassifierNetwork> make_classifier_network_cuda(const ClassifierModel& model,
                                                                const NetworkOptions& options) {
  auto net = std::make_unique<cls::CudnnNetwork>(make_plan(model.arch), options);
  net->upload(model.params, model.buffers);
  return net;
}

}  // namespace rbmdyn
