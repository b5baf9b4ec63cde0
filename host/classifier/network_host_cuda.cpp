// The host-array Network interface of the cuDNN network (host/classifier/network_cuda.hpp), which the
// trainer drives. The batch loop stays on the device: each training step copies its inputs through a
// pinned staging ring (host/runtime/staging_ring.hpp) with asynchronous copies, and its loss and
// correct count are summed on the device into a per-step slot; take_step_stats() downloads all pending
// slots with one sync. Eval batches are padded to one fixed size so that a single set of algorithms
// serves every call (rows are independent in eval mode, so padding rows do not change the real rows'
// outputs).
#include <algorithm>
#include <cstring>
#include <utility>

#include "host/classifier/network_cuda_impl.hpp"
#include "host/core/error.hpp"
#include "kernels/classifier_ops.cuh"

namespace rbmdyn::cls {

void CudnnNetwork::Impl::ensure_host_staging() {
  if (staging) return;
  const int64_t in = plan.arch.input_size();
  host_x.resize(static_cast<std::size_t>(std::max(requested.max_batch, requested.eval_batch) * in));
  host_x.zero(stream);  // padding rows of eval batches hold finite values
  host_labels.resize(static_cast<std::size_t>(requested.max_batch));
  const auto train_bytes = static_cast<std::size_t>(requested.max_batch * in) * sizeof(float) +
                           static_cast<std::size_t>(requested.max_batch);
  const auto eval_bytes = static_cast<std::size_t>(requested.eval_batch * in) * sizeof(float);
  staging.emplace(std::max(train_bytes, eval_bytes), kStagingSlots);
  step_loss.resize(kMaxPendingSteps);
  step_correct.resize(kMaxPendingSteps);
  host_loss.reserve(kMaxPendingSteps);
  host_correct.reserve(kMaxPendingSteps);
}

void CudnnNetwork::Impl::drain() {
  if (pending == 0) return;
  const auto n = static_cast<std::size_t>(pending);
  RBMDYN_CUDA_CHECK(
      cudaMemcpyAsync(host_loss.data(), step_loss.data(), n * sizeof(double), cudaMemcpyDeviceToHost, stream));
  RBMDYN_CUDA_CHECK(
      cudaMemcpyAsync(host_correct.data(), step_correct.data(), n * sizeof(int64_t), cudaMemcpyDeviceToHost, stream));
  RBMDYN_CUDA_CHECK(cudaStreamSynchronize(stream));
  for (std::size_t k = 0; k < n; ++k) taken.push_back(StepStats{host_loss.data()[k], host_correct.data()[k]});
  pending = 0;
}

StepStats CudnnNetwork::train_step(const float* x, const uint8_t* labels, int64_t batch, uint32_t iteration) {
  RBMDYN_CHECK(impl_->pending == 0 && impl_->taken.empty(), "train_step() while enqueued steps are pending");
  enqueue_train_step(x, labels, batch, iteration);
  return take_step_stats().front();
}

void CudnnNetwork::enqueue_train_step(const float* x, const uint8_t* labels, int64_t batch, uint32_t iteration) {
  Impl& m = *impl_;
  RBMDYN_CHECK(batch <= m.requested.max_batch, "training batch larger than max_batch");
  m.ensure_host_staging();
  if (m.pending == Impl::kMaxPendingSteps) m.drain();
  cudaStream_t s = m.stream;
  auto* slot = static_cast<unsigned char*>(m.staging->acquire());
  const std::size_t x_bytes = static_cast<std::size_t>(batch * m.plan.arch.input_size()) * sizeof(float);
  std::memcpy(slot, x, x_bytes);
  std::memcpy(slot + x_bytes, labels, static_cast<std::size_t>(batch));
  RBMDYN_CUDA_CHECK(cudaMemcpyAsync(m.host_x.data(), slot, x_bytes, cudaMemcpyHostToDevice, s));
  RBMDYN_CUDA_CHECK(cudaMemcpyAsync(m.host_labels.data(), slot + x_bytes, static_cast<std::size_t>(batch),
                                    cudaMemcpyHostToDevice, s));
  m.staging->release(s);
  forward(m.host_x.data(), batch, true, iteration);
  backward(m.host_labels.data());
  sgd_step(m.requested.lr);
  kernels::launch_sum_row_stats(row_loss(), row_correct(), batch, m.step_loss.data() + m.pending,
                                m.step_correct.data() + m.pending, s);
  ++m.pending;
}

std::vector<StepStats> CudnnNetwork::take_step_stats() {
  impl_->drain();
  return std::exchange(impl_->taken, {});
}

// Inputs go through the staging ring, probabilities come back into pinned memory; one sync per call.
void CudnnNetwork::predict(const float* x, int64_t n, float* probs) {
  Impl& m = *impl_;
  m.ensure_host_staging();
  const int64_t in = m.plan.arch.input_size();
  const int n_classes = m.plan.arch.classes;
  const int64_t step = m.requested.eval_batch;
  cudaStream_t s = m.stream;
  m.host_probs.reserve(static_cast<std::size_t>(n * n_classes));
  for (int64_t first = 0; first < n; first += step) {
    const int64_t b = std::min(step, n - first);
    void* slot = m.staging->acquire();
    std::memcpy(slot, x + first * in, static_cast<std::size_t>(b * in) * sizeof(float));
    RBMDYN_CUDA_CHECK(cudaMemcpyAsync(m.host_x.data(), slot, static_cast<std::size_t>(b * in) * sizeof(float),
                                      cudaMemcpyHostToDevice, s));
    m.staging->release(s);
    const float* p = forward(m.host_x.data(), step, false);
    RBMDYN_CUDA_CHECK(cudaMemcpyAsync(m.host_probs.data() + first * n_classes, p,
                                      static_cast<std::size_t>(b * n_classes) * sizeof(float), cudaMemcpyDeviceToHost,
                                      s));
  }
  RBMDYN_CUDA_CHECK(cudaStreamSynchronize(s));
  std::copy_n(m.host_probs.data(), n * n_classes, probs);
}

ClassifierModel CudnnNetwork::model() const {
  ClassifierModel m{impl_->plan.arch, {}, {}};
  download(m.params, m.buffers);
  return m;
}

std::string CudnnNetwork::description() const {
  const CudaMathOptions& o = impl_->requested.cuda;
  return std::string("cuda (cuDNN + cuBLAS, ") + math_mode_name(o.math) + (o.deterministic ? ", deterministic" : "") +
         ")\n" + algorithms();
}

}  // namespace rbmdyn::cls
