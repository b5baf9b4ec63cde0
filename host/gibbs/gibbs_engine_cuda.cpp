// The CUDA Gibbs engine: the RBM lives on the device; each step is one or two cuBLAS GEMMs over the
// whole batch plus one fused kernel after each (kernels/gibbs.cuh). Without a sink the whole step loop
// is captured once into a CUDA graph and replayed (again for later runs of the same shape and options),
// so the host launches one graph per run. With a sink the steps are enqueued directly, because the
// sink's own work must be enqueued between them. Device memory: the current hidden [N, n_h] and visible
// [N, n_v] batches, the activity [steps, N], and only the kept visible/hidden states asked for.
#include <cublas_v2.h>

#include <chrono>
#include <cmath>

#include "host/blas/gpu_blas.hpp"
#include "host/core/error.hpp"
#include "host/gibbs/gibbs_engine.hpp"
#include "host/gibbs/gibbs_step_graph.hpp"
#include "host/runtime/cublas_check.hpp"
#include "host/runtime/device_buffer.hpp"
#include "host/runtime/nvtx.hpp"
#include "host/util/memory_check.hpp"
#include "kernels/gibbs.cuh"

namespace rbmdyn {
namespace {

class GibbsEngineCuda final : public GibbsEngine {
 public:
  explicit GibbsEngineCuda(const Rbm& rbm) : nv_(rbm.n_visible), nh_(rbm.n_hidden) {
    NvtxRange range("gibbs/setup");
    W_.upload(rbm.W, stream_.get());  // ordered before every step loop on stream_
    b_v_.upload(rbm.b_v, stream_.get());
    b_h_.upload(rbm.b_h, stream_.get());
    RBMDYN_CUBLAS_CHECK(cublasSetStream(cublas_.get(), stream_.get()));
    // An explicit workspace keeps cuBLAS from allocating inside graph capture.
    workspace_.resize(32u << 20);
    RBMDYN_CUBLAS_CHECK(cublasSetWorkspace(cublas_.get(), workspace_.data(), workspace_.size()));
    RBMDYN_CUBLAS_CHECK(cublasSetMathMode(cublas_.get(), CUBLAS_DEFAULT_MATH));  // FP32 (no TF32)
  }

  Backend backend() const override { return Backend::cuda; }

  // The buffers below hold 4-byte floats: hidden [N, n_h], visible [N, n_v], activity [steps, N], kept
  // visible [N, K, n_v] and (when asked) every hidden state [N, steps, n_h]. What they grow by must fit
  // in the device's free memory: a huge `chains` is an error with the numbers, not a failed cudaMalloc.
  void require_run_memory(int64_t N, int64_t K, const GibbsOptions& o) const {
    const double n = static_cast<double>(N), nh = static_cast<double>(nh_), nv = static_cast<double>(nv_);
    const double steps = o.steps, kept = static_cast<double>(K);
    const double need = 4.0 * n * (nh + nv + steps + kept * nv + (o.keep_hidden_states ? steps * nh : 0.0));
    const double held = static_cast<double>(H_.bytes() + V_.bytes() + act_.bytes() + keep_v_.bytes() + keep_h_.bytes());
    require_device_memory(need - held, quote_option("chains") + ": " + std::to_string(N) + " chains x " +
                                           std::to_string(o.steps) + " " + quote_option("steps") + " on the GPU");
  }

  GibbsResult run(const float* start, int64_t chains, const GibbsOptions& o, GibbsStepSink* sink) override {
    const auto t0 = std::chrono::steady_clock::now();
    o.validate(chains);
    const int64_t N = chains;
    require_finite_start(start, N, nh_);
    const GibbsGraphKey key = GibbsGraphKey::of(N, o);
    const auto K = static_cast<int64_t>(key.kept.size());
    steps_.forget_unless(key);  // buffers may move below
    require_run_memory(N, K, o);
    H_.resize(static_cast<std::size_t>(N * nh_));
    V_.resize(static_cast<std::size_t>(N * nv_));
    act_.resize(static_cast<std::size_t>(o.steps * N));
    keep_v_.resize(static_cast<std::size_t>(N * K * nv_));
    keep_h_.resize(o.keep_hidden_states ? static_cast<std::size_t>(N * o.steps * nh_) : 0);

    // The start matrix and the step-0 activity (computed on the host, as by the CPU engine) are inputs
    // of the step loop, uploaded before it.
    const std::vector<float> act0 = start_activity(start, N, nh_);
    RBMDYN_CUDA_CHECK(cudaMemcpyAsync(H_.data(), start, H_.bytes(), cudaMemcpyHostToDevice, stream_.get()));
    RBMDYN_CUDA_CHECK(cudaMemcpyAsync(act_.data(), act0.data(), act0.size() * sizeof(float), cudaMemcpyHostToDevice,
                                      stream_.get()));
    steps_.run(key, stream_.get(), sink, [&](GibbsStepSink* to) { enqueue_steps(N, o, key.kept, to); });

    GibbsResult res;
    res.chains = N;
    res.steps = o.steps;
    res.n_visible = nv_;
    res.n_hidden = nh_;
    res.kept_steps = key.kept;
    res.visible.resize(keep_v_.size());
    res.hidden.resize(keep_h_.size());
    std::vector<float> act_by_step(act_.size());  // [steps, N]
    act_.download(act_by_step.data(), stream_.get());
    keep_v_.download(res.visible.data(), stream_.get());
    keep_h_.download(res.hidden.data(), stream_.get());
    stream_.synchronize();
    res.activity.resize(act_by_step.size());
    for (int64_t r = 0; r < N; ++r)
      for (int t = 0; t < o.steps; ++t)
        res.activity[static_cast<std::size_t>(r * o.steps + t)] = act_by_step[static_cast<std::size_t>(t * N + r)];
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
  }

 private:
  void enqueue_steps(int64_t N, const GibbsOptions& o, const std::vector<int>& kept, GibbsStepSink* sink) {
    cudaStream_t s = stream_.get();
    cublasHandle_t h = cublas_.get();
    const float one = 1.0f;
    const float zero = 0.0f;
    const auto K = static_cast<int64_t>(kept.size());
    std::size_t next_kept = 0;
    for (int t = 0; t < o.steps; ++t) {
      NvtxRange range("gibbs/step");
      const kernels::GibbsStepParams params{o.seed, o.chain_offset, o.chains_per_vector, t, o.temperature};
      float* act = act_.data() + t * N;
      float* hidden_keep = o.keep_hidden_states ? keep_h_.data() + t * nh_ : nullptr;  // row stride steps·nh
      if (t == 0) {
        if (hidden_keep)
          RBMDYN_CUDA_CHECK(cudaMemcpy2DAsync(hidden_keep, o.steps * nh_ * sizeof(float), H_.data(),
                                              nh_ * sizeof(float), nh_ * sizeof(float), N,
                                              cudaMemcpyDeviceToDevice, s));
      } else {
        gpu_sgemm(h, Trans::no, Trans::no, N, nh_, nv_, &one, V_.data(), W_.data(), &zero, H_.data());
        kernels::launch_gibbs_hidden_sample(H_.data(), b_h_.data(), N, nh_, params, act, hidden_keep,
                                            o.steps * nh_, s);
      }
      gpu_sgemm(h, Trans::no, Trans::yes, N, nv_, nh_, &one, H_.data(), W_.data(), &zero, V_.data());
      float* visible_keep = nullptr;  // row stride K·nv
      if (next_kept < kept.size() && kept[next_kept] == t)
        visible_keep = keep_v_.data() + static_cast<int64_t>(next_kept++) * nv_;
      kernels::launch_gibbs_visible(V_.data(), b_v_.data(), N, nv_, o.visible_mode == VisibleMode::sampled, params,
                                    visible_keep, K * nv_, s);
      if (sink) sink->on_step(GibbsStepView{t, N, nv_, V_.data(), act, Backend::cuda, s});
    }
  }

  int64_t nv_, nh_;
  CudaStream stream_;
  CublasHandle cublas_;
  GibbsStepGraph steps_;
  DeviceBuffer<uint8_t> workspace_;
  DeviceBuffer<float> W_, b_v_, b_h_, H_, V_, act_, keep_v_, keep_h_;
};

}  // namespace

std::unique_ptr<GibbsEngine> make_gibbs_engine_cuda(const Rbm& rbm) { return std::make_unique<GibbsEngineCuda>(rbm); }

}  // namespace rbmdyn
