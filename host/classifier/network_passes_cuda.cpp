// The forward and backward passes of the cuDNN classifier network (host/classifier/network_cuda.hpp),
// layer by layer: cuDNN for convolution, BatchNorm, pooling and ReLU, cuBLAS for the linear layers, own
// kernels (kernels/classifier_ops.cuh) for bias, dropout, softmax and the loss.
#include "host/blas/gpu_blas.hpp"
#include "host/classifier/network_cuda_impl.hpp"
#include "host/core/error.hpp"
#include "host/ops/classifier_math.hpp"
#include "host/runtime/nvtx.hpp"
#include "kernels/classifier_ops.cuh"

namespace rbmdyn::cls {

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
                                            m.requested.seed, dropout_b(iteration, l.dropout_index), m.stream);
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

}  // namespace rbmdyn::cls
