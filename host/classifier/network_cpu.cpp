#include "host/classifier/network_cpu.hpp"

#include <algorithm>

#include "host/classifier/layers_cpu.hpp"
#include "host/core/error.hpp"
#include "host/ops/classifier_math.hpp"
#include "host/runtime/nvtx.hpp"

namespace rbmdyn::cls {

template <class T>
CpuNetwork<T>::CpuNetwork(NetworkPlan plan, const NetworkOptions& options)
    : plan_(std::move(plan)), options_(options) {
  params.assign(static_cast<std::size_t>(plan_.param_count), T(0));
  grads.assign(static_cast<std::size_t>(plan_.param_count), T(0));
  buffers.assign(static_cast<std::size_t>(plan_.buffer_count), T(0));
  const std::size_t n = plan_.layers.size();
  bn_mean_.resize(n);
  bn_invstd_.resize(n);
  dropout_mask_.resize(n);
  pool_arg_.resize(n);
}

template <class T>
void CpuNetwork<T>::reserve(int64_t batch, bool training) {
  const auto& layers = plan_.layers;
  act_of_.assign(layers.size(), 0);
  // Training keeps every layer's output for backward (ReLU in place); eval ping-pongs two buffers.
  int next = 0;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (layers[i].kind == LayerKind::relu && i > 0)
      act_of_[i] = act_of_[i - 1];
    else if (training)
      act_of_[i] = next++;
    else
      act_of_[i] = i == 0 ? 0 : 1 - act_of_[i - 1];
  }
  const std::size_t count = training ? static_cast<std::size_t>(next) : 2;
  if (acts_.size() < count) acts_.resize(count);
  std::vector<int64_t> need(count, 0);
  for (std::size_t i = 0; i < layers.size(); ++i)
    need[static_cast<std::size_t>(act_of_[i])] = std::max(need[static_cast<std::size_t>(act_of_[i])], layers[i].out_size);
  for (std::size_t b = 0; b < count; ++b)
    if (acts_[b].size() < static_cast<std::size_t>(batch * need[b])) acts_[b].resize(static_cast<std::size_t>(batch * need[b]));
  int64_t col = 0;
  for (const Layer& l : layers)
    if (l.kind == LayerKind::conv) col = std::max(col, conv3x3_workspace(batch, l.in_channels, l.in_side));
  if (col_.size() < static_cast<std::size_t>(col)) col_.resize(static_cast<std::size_t>(col));
  const auto in_size = static_cast<std::size_t>(batch * plan_.arch.input_size());
  if (input_.size() < in_size) input_.resize(in_size);
}

template <class T>
const T* CpuNetwork<T>::forward(const T* x, int64_t batch, bool training, uint32_t iteration, uint64_t seed) {
  NvtxRange range(training ? "classifier/forward_train" : "classify/batch");
  RBMDYN_CHECK(batch > 0, "empty batch");
  reserve(batch, training);
  batch_ = batch;
  training_ = training;
  const ClassifierArch& arch = plan_.arch;
  const RandomStream dropout_rng{seed, RngPurpose::classifier_dropout};
  const int64_t side0 = arch.input_side;
  rows_to_cnhw(arch.in_channels, batch, side0 * side0, x, input_.data());
  const T* in = input_.data();
  for (std::size_t i = 0; i < plan_.layers.size(); ++i) {
    const Layer& l = plan_.layers[i];
    T* out = act(static_cast<int>(i));
    const int64_t plane = static_cast<int64_t>(l.in_side) * l.in_side;
    switch (l.kind) {
      case LayerKind::conv:
        conv3x3_forward(batch, l.in_channels, l.out_channels, l.in_side, in,
                        params.data() + plan_.params[static_cast<std::size_t>(l.weight)].offset,
                        params.data() + plan_.params[static_cast<std::size_t>(l.bias)].offset, out, col_.data());
        break;
      case LayerKind::batch_norm: {
        const T* gamma = params.data() + plan_.params[static_cast<std::size_t>(l.weight)].offset;
        const T* beta = params.data() + plan_.params[static_cast<std::size_t>(l.bias)].offset;
        T* rm = buffers.data() + plan_.buffers[static_cast<std::size_t>(l.running_mean)].offset;
        T* rv = buffers.data() + plan_.buffers[static_cast<std::size_t>(l.running_var)].offset;
        if (training) {
          bn_mean_[i].resize(static_cast<std::size_t>(l.out_channels));
          bn_invstd_[i].resize(static_cast<std::size_t>(l.out_channels));
          batchnorm_train_forward(l.out_channels, batch * plane, in, gamma, beta, arch.bn_eps, arch.bn_momentum, rm,
                                  rv, out, bn_mean_[i].data(), bn_invstd_[i].data());
        } else {
          batchnorm_eval_forward(l.out_channels, batch * plane, in, gamma, beta, rm, rv, arch.bn_eps, out);
        }
        break;
      }
      case LayerKind::relu:
        relu_forward(batch * l.out_size, out);  // in place: out == in
        break;
      case LayerKind::maxpool: {
        const int64_t planes = batch * l.in_channels;
        pool_arg_[i].resize(static_cast<std::size_t>(planes * l.out_side * l.out_side));
        maxpool2x2_forward(planes, l.in_side, in, out, pool_arg_[i].data());
        break;
      }
      case LayerKind::flatten:
        cnhw_to_rows(l.in_channels, batch, plane, in, out);
        break;
      case LayerKind::linear:
        linear_forward(batch, l.in_size, l.out_size, in,
                       params.data() + plan_.params[static_cast<std::size_t>(l.weight)].offset,
                       params.data() + plan_.params[static_cast<std::size_t>(l.bias)].offset, out);
        break;
      case LayerKind::dropout:
        if (training && arch.dropout > 0.0f) {
          dropout_mask_[i].resize(static_cast<std::size_t>(batch * l.out_size));
          dropout_forward(batch, l.out_size, arch.dropout, dropout_rng, dropout_b(iteration, l.dropout_index), in,
                          out, dropout_mask_[i].data());
        } else {
          std::copy_n(in, batch * l.out_size, out);
        }
        break;
      case LayerKind::softmax:
        softmax_forward(batch, static_cast<int>(l.out_size), in, out);
        break;
    }
    in = out;
  }
  return in;
}

template <class T>
double CpuNetwork<T>::backward(const uint8_t* labels) {
  NvtxRange range("classifier/backward");
  RBMDYN_CHECK(training_, "backward() needs a training-mode forward pass first");
  const int64_t batch = batch_;
  for (int64_t r = 0; r < batch; ++r)
    if (labels[r] >= plan_.arch.classes) fail_input("label " + std::to_string(labels[r]) + " out of range");
  const std::size_t need = static_cast<std::size_t>(batch * plan_.max_activation);
  if (grad_a_.size() < need) grad_a_.resize(need);
  if (grad_b_.size() < need) grad_b_.resize(need);
  T* dout = grad_a_.data();  // gradient w.r.t. the current layer's output
  T* din = grad_b_.data();
  const auto& layers = plan_.layers;
  const int last = static_cast<int>(layers.size()) - 1;
  double loss = 0;
  for (int i = last; i >= 0; --i) {
    const Layer& l = layers[static_cast<std::size_t>(i)];
    const T* in = i > 0 ? act(i - 1) : input_.data();
    const int64_t plane = static_cast<int64_t>(l.in_side) * l.in_side;
    bool swap = true;
    switch (l.kind) {
      case LayerKind::softmax:
        RBMDYN_CHECK(i == last, "softmax must be the last layer");
        loss = double_softmax_loss_backward(batch, static_cast<int>(l.out_size), act(i), labels, din);
        break;
      case LayerKind::linear: {
        const TensorSlot& w = plan_.params[static_cast<std::size_t>(l.weight)];
        const TensorSlot& b = plan_.params[static_cast<std::size_t>(l.bias)];
        linear_backward(batch, l.in_size, l.out_size, in, params.data() + w.offset, dout, din, grads.data() + w.offset,
                        grads.data() + b.offset);
        break;
      }
      case LayerKind::dropout:
        if (plan_.arch.dropout > 0.0f) dropout_backward(batch * l.out_size, dropout_mask_[static_cast<std::size_t>(i)].data(), dout);
        swap = false;
        break;
      case LayerKind::relu:
        relu_backward(batch * l.out_size, act(i), dout);
        swap = false;
        break;
      case LayerKind::flatten:
        rows_to_cnhw(l.in_channels, batch, plane, dout, din);
        break;
      case LayerKind::maxpool:
        maxpool2x2_backward(batch * l.in_channels, l.in_side, dout, pool_arg_[static_cast<std::size_t>(i)].data(), din);
        break;
      case LayerKind::batch_norm: {
        const TensorSlot& g = plan_.params[static_cast<std::size_t>(l.weight)];
        const TensorSlot& b = plan_.params[static_cast<std::size_t>(l.bias)];
        batchnorm_backward(l.out_channels, batch * plane, in, dout, params.data() + g.offset,
                           bn_mean_[static_cast<std::size_t>(i)].data(), bn_invstd_[static_cast<std::size_t>(i)].data(),
                           din, grads.data() + g.offset, grads.data() + b.offset);
        break;
      }
      case LayerKind::conv: {
        const TensorSlot& w = plan_.params[static_cast<std::size_t>(l.weight)];
        const TensorSlot& b = plan_.params[static_cast<std::size_t>(l.bias)];
        conv3x3_backward(batch, l.in_channels, l.out_channels, l.in_side, in, params.data() + w.offset, dout,
                         i > 0 ? din : nullptr, grads.data() + w.offset, grads.data() + b.offset, col_.data());
        break;
      }
    }
    if (swap) std::swap(din, dout);
  }
  return loss;
}

template <class T>
void CpuNetwork<T>::sgd_step(T lr) {
  T* p = params.data();
  const T* g = grads.data();
  const int64_t n = plan_.param_count;
#pragma omp parallel for simd schedule(static)
  for (int64_t i = 0; i < n; ++i) p[i] -= lr * g[i];
}

template <class T>
std::vector<T> CpuNetwork<T>::layer_output(int i) const {
  const Layer& l = plan_.layers[static_cast<std::size_t>(i)];
  std::vector<T> out(static_cast<std::size_t>(batch_ * l.out_size));
  const T* a = act(i);
  if (l.kind == LayerKind::conv || l.kind == LayerKind::batch_norm || l.kind == LayerKind::maxpool ||
      (l.kind == LayerKind::relu && l.out_channels > 0))
    cnhw_to_rows(l.out_channels, batch_, static_cast<int64_t>(l.out_side) * l.out_side, a, out.data());
  else
    std::copy_n(a, out.size(), out.data());
  return out;
}

template <class T>
StepStats CpuNetwork<T>::train_step(const T* x, const uint8_t* labels, int64_t batch, uint32_t iteration) {
  const T* p = forward(x, batch, true, iteration, options_.seed);
  const int n_classes = plan_.arch.classes;
  StepStats stats;
  for (int64_t r = 0; r < batch; ++r) stats.correct += argmax_row(p + r * n_classes, n_classes) == labels[r];
  stats.loss_sum = backward(labels);
  sgd_step(static_cast<T>(options_.lr));
  return stats;
}

template <class T>
void CpuNetwork<T>::predict(const T* x, int64_t n, T* probs) {
  const int n_classes = plan_.arch.classes;
  const int64_t in = plan_.arch.input_size();
  const int64_t step = std::max<int64_t>(1, options_.eval_batch);
  for (int64_t first = 0; first < n; first += step) {
    const int64_t b = std::min(step, n - first);
    const T* p = forward(x + first * in, b, false);
    std::copy_n(p, b * n_classes, probs + first * n_classes);
  }
}

template <class T>
ClassifierModel CpuNetwork<T>::model() const {
  return ClassifierModel{plan_.arch, std::vector<float>(params.begin(), params.end()),
                         std::vector<float>(buffers.begin(), buffers.end())};
}

template class CpuNetwork<float>;
template class CpuNetwork<double>;

}  // namespace rbmdyn::cls

namespace rbmdyn {

std::unique_ptr<ClassifierNetwork> make_classifier_network_cpu(const ClassifierModel& model,
                                                               const NetworkOptions& options) {
  auto net = std::make_unique<cls::CpuNetwork<float>>(make_plan(model.arch), options);
  net->params = model.params;
  net->buffers = model.buffers;
  return net;
}

}  // namespace rbmdyn
