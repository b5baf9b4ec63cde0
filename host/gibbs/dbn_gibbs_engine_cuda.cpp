// The CUDA engine of deep top-down generation (host/gibbs/dbn_gibbs_engine.hpp), twin of
// dbn_gibbs_engine_cpu.cpp: the stack lives on the device; each product is one cuBLAS GEMM over all
// chains (FP32, CUBLAS_DEFAULT_MATH) followed by one launch_conditional_rows (kernels/gibbs.cuh), the
// kernel of the RBM engine, with the CPU engine's draws: (gibbs_hidden, b = t) for the top layer,
// (dbn_gibbs, b = 16·t + slot) for the others, every chain addressed by gibbs::chain_address. As in
// gibbs_engine_cuda.cpp, without a sink the step loop is captured once into a CUDA graph and replayed.
// Device memory: the stack, one batch [N, n_l] per layer l = 0 … L, the activity [steps, L, N], and the
// kept visible/top states asked for.
#include <cublas_v2.h>

#include <chrono>

#include "host/blas/gpu_blas.hpp"
#include "host/core/error.hpp"
#include "host/gibbs/dbn_gibbs_engine.hpp"
#include "host/gibbs/gibbs_step_graph.hpp"
#include "host/runtime/cublas_check.hpp"
#include "host/runtime/device_buffer.hpp"
#include "host/runtime/nvtx.hpp"
#include "host/util/memory_check.hpp"
#include "kernels/gibbs.cuh"

namespace rbmdyn {
namespace {

struct DeviceRbm {
  DeviceBuffer<float> W, b_v, b_h;  // [n_{l−1}, n_l], [n_{l−1}], [n_l]
};

double stack_bytes(const RbmStack& stack) {
  double floats = 0;
  for (const Rbm& r : stack.layers) floats += static_cast<double>(r.n_visible * r.n_hidden + r.n_visible + r.n_hidden);
  return 4.0 * floats;
}

class DbnGibbsEngineCuda final : public GibbsEngine {
 public:
  DbnGibbsEngineCuda(const RbmStack& stack, DeepStep step) : step_(step), L_(stack.depth()), sizes_(stack.sizes()) {
    NvtxRange range("gibbs/setup");
    require_device_memory(stack_bytes(stack), "the " + std::to_string(L_) + "-layer model on the GPU");
    layers_.resize(static_cast<std::size_t>(L_));
    for (int l = 1; l <= L_; ++l) {
      const Rbm& r = stack.layers[static_cast<std::size_t>(l - 1)];
      DeviceRbm& d = layers_[static_cast<std::size_t>(l - 1)];
      d.W.upload(r.W, stream_.get());  // ordered before every step loop on stream_
      d.b_v.upload(r.b_v, stream_.get());
      d.b_h.upload(r.b_h, stream_.get());
    }
    x_.resize(static_cast<std::size_t>(L_ + 1));
    RBMDYN_CUBLAS_CHECK(cublasSetStream(cublas_.get(), stream_.get()));
    // An explicit workspace keeps cuBLAS from allocating inside graph capture.
    workspace_.resize(32u << 20);
    RBMDYN_CUBLAS_CHECK(cublasSetWorkspace(cublas_.get(), workspace_.data(), workspace_.size()));
    RBMDYN_CUBLAS_CHECK(cublasSetMathMode(cublas_.get(), CUBLAS_DEFAULT_MATH));  // FP32 (no TF32)
  }

  Backend backend() const override { return Backend::cuda; }

  GibbsResult run(const float* start, int64_t chains, const GibbsOptions& o, GibbsStepSink* sink) override {
    const auto t0 = std::chrono::steady_clock::now();
    const int64_t N = chains;
    validate_deep_run(o, start, N, size(L_));
    const GibbsGraphKey key = GibbsGraphKey::of(N, o);
    const auto K = static_cast<int64_t>(key.kept.size());
    steps_.forget_unless(key);  // buffers may move below
    allocate(N, K, o);

    // The start matrix and the step-0 top activity (computed on the host, as by the CPU engine) are
    // inputs of the step loop, uploaded before it into x_[L] and act_[0, L − 1, :].
    const std::vector<float> act0 = start_activity(start, N, size(L_));
    x_.back().upload(start, static_cast<std::size_t>(N * size(L_)), stream_.get());
    RBMDYN_CUDA_CHECK(cudaMemcpyAsync(act_.data() + (L_ - 1) * N, act0.data(), act0.size() * sizeof(float),
                                      cudaMemcpyHostToDevice, stream_.get()));
    steps_.run(key, stream_.get(), sink, [&](GibbsStepSink* to) { enqueue_steps(N, o, key.kept, to); });
    GibbsResult res = collect(N, o, key.kept);
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
  }

 private:
  int64_t size(int l) const { return sizes_[static_cast<std::size_t>(l)]; }
  const DeviceRbm& rbm(int l) const { return layers_[static_cast<std::size_t>(l - 1)]; }
  float* x(int l) { return x_[static_cast<std::size_t>(l)].data(); }

  // What the buffers grow by (dbn_gibbs_device_bytes) must fit in the device's free memory: a huge
  // `chains` is an error with the numbers, not a failed cudaMalloc.
  void allocate(int64_t N, int64_t K, const GibbsOptions& o) {
    double held = static_cast<double>(act_.bytes() + keep_v_.bytes() + keep_h_.bytes());
    for (const DeviceBuffer<float>& x : x_) held += static_cast<double>(x.bytes());
    require_device_memory(dbn_gibbs_device_bytes(sizes_, N, K, o) - held,
                          quote_option("chains") + ": " + std::to_string(N) + " chains x " + std::to_string(o.steps) +
                              " " + quote_option("steps") + " through " + std::to_string(L_) + " layers on the GPU");
    for (int l = 0; l <= L_; ++l) x_[static_cast<std::size_t>(l)].resize(static_cast<std::size_t>(N * size(l)));
    act_.resize(static_cast<std::size_t>(o.steps * L_ * N));
    keep_v_.resize(static_cast<std::size_t>(N * K * size(0)));
    keep_h_.resize(o.keep_hidden_states ? static_cast<std::size_t>(N * o.steps * size(L_)) : 0);
  }

  void enqueue_steps(int64_t N, const GibbsOptions& o, const std::vector<int>& kept, GibbsStepSink* sink) {
    const int64_t nv = size(0), nt = size(L_);
    const auto K = static_cast<int64_t>(kept.size());
    std::size_t next_kept = 0;
    for (int t = 0; t < o.steps; ++t) {
      NvtxRange range("gibbs/step");
      float* act = act_.data() + static_cast<int64_t>(t) * L_ * N;                 // [L, N] of this step
      float* top_keep = o.keep_hidden_states ? keep_h_.data() + t * nt : nullptr;  // row stride steps·n_L
      if (t == 0) {
        if (top_keep)
          RBMDYN_CUDA_CHECK(cudaMemcpy2DAsync(top_keep, o.steps * nt * sizeof(float), x(L_), nt * sizeof(float),
                                              nt * sizeof(float), N, cudaMemcpyDeviceToDevice, stream_.get()));
      } else {
        up_pass(N, t, o, act + (L_ - 1) * N, top_keep);
      }
      float* visible_keep = nullptr;  // row stride K·n_v
      if (next_kept < kept.size() && kept[next_kept] == t)
        visible_keep = keep_v_.data() + static_cast<int64_t>(next_kept++) * nv;
      down_pass(N, t, o, act, visible_keep, K * nv);
      if (sink) sink->on_step(GibbsStepView{t, N, nv, x(0), act + (L_ - 1) * N, Backend::cuda, stream_.get()});
    }
  }

  kernels::RowDraws draws(const GibbsOptions& o, RngPurpose purpose, uint32_t b) const {
    return kernels::RowDraws{o.seed, purpose, b, o.chain_offset, o.chains_per_vector};
  }

  // t > 0: the new top states from the previous visible probabilities (sweep) or from the previous
  // down-pass sample of layer L − 1 (top_gibbs). `top_act` [N]; `top_keep` as in enqueue_steps.
  void up_pass(int64_t N, int t, const GibbsOptions& o, float* top_act, float* top_keep) {
    const float one = 1.0f, zero = 0.0f;
    const int from = step_ == DeepStep::sweep ? 0 : L_ - 1;
    for (int l = from + 1; l <= L_; ++l) {
      gpu_sgemm(cublas_.get(), Trans::no, Trans::no, N, size(l), size(l - 1), &one, x(l - 1), rbm(l).W.data(), &zero,
                x(l));
      const bool top = l == L_;
      const kernels::RowDraws d =
          top ? draws(o, RngPurpose::gibbs_hidden, static_cast<uint32_t>(t))
              : draws(o, RngPurpose::dbn_gibbs, static_cast<uint32_t>(t) * 16u + static_cast<uint32_t>(l - 1));
      kernels::launch_conditional_rows(x(l), rbm(l).b_h.data(), N, size(l), o.temperature, &d, top ? top_act : nullptr,
                                       top ? top_keep : nullptr, o.steps * size(L_), stream_.get());
    }
  }

  // h_{L−1} … h_1 sampled, then v = ↓_1(h_1) as a probability (copied to visible_keep, row stride
  // keep_stride, when given). act [L, N]: rows 0 … L−2 get layers 1 … L−1.
  void down_pass(int64_t N, int t, const GibbsOptions& o, float* act, float* visible_keep, int64_t keep_stride) {
    const float one = 1.0f, zero = 0.0f;
    for (int l = L_; l >= 1; --l) {
      gpu_sgemm(cublas_.get(), Trans::no, Trans::yes, N, size(l - 1), size(l), &one, x(l), rbm(l).W.data(), &zero,
                x(l - 1));
      if (l == 1) {
        kernels::launch_conditional_rows(x(0), rbm(1).b_v.data(), N, size(0), o.temperature, nullptr, nullptr,
                                         visible_keep, keep_stride, stream_.get());
      } else {
        const kernels::RowDraws d =
            draws(o, RngPurpose::dbn_gibbs, static_cast<uint32_t>(t) * 16u + 8u + static_cast<uint32_t>(l - 2));
        kernels::launch_conditional_rows(x(l - 1), rbm(l).b_v.data(), N, size(l - 1), o.temperature, &d,
                                         act + (l - 2) * N, nullptr, 0, stream_.get());
      }
    }
  }

  // Downloads the outputs; activity [steps, L, N] on the device becomes the result's [N, steps] (top)
  // and [N, steps, L].
  GibbsResult collect(int64_t N, const GibbsOptions& o, const std::vector<int>& kept) {
    GibbsResult res;
    res.chains = N;
    res.steps = o.steps;
    res.n_visible = size(0);
    res.n_hidden = size(L_);
    res.depth = L_;
    res.kept_steps = kept;
    res.visible.resize(keep_v_.size());
    res.hidden.resize(keep_h_.size());
    std::vector<float> act(act_.size());
    act_.download(act.data(), stream_.get());
    keep_v_.download(res.visible.data(), stream_.get());
    keep_h_.download(res.hidden.data(), stream_.get());
    stream_.synchronize();
    res.activity.resize(static_cast<std::size_t>(N * o.steps));
    res.layer_activity.resize(static_cast<std::size_t>(N * o.steps * L_));
    for (int64_t r = 0; r < N; ++r)
      for (int t = 0; t < o.steps; ++t) {
        for (int l = 0; l < L_; ++l)
          res.layer_activity[static_cast<std::size_t>((r * o.steps + t) * L_ + l)] =
              act[static_cast<std::size_t>((static_cast<int64_t>(t) * L_ + l) * N + r)];
        res.activity[static_cast<std::size_t>(r * o.steps + t)] =
            res.layer_activity[static_cast<std::size_t>((r * o.steps + t) * L_ + L_ - 1)];
      }
    return res;
  }

  DeepStep step_;
  int L_;
  std::vector<int64_t> sizes_;
  CudaStream stream_;
  CublasHandle cublas_;
  GibbsStepGraph steps_;
  DeviceBuffer<uint8_t> workspace_;
  std::vector<DeviceRbm> layers_;
  std::vector<DeviceBuffer<float>> x_;  // x_[l] [N, n_l]: 0 visible probabilities, 1 … L−1 samples, L top
  DeviceBuffer<float> act_, keep_v_, keep_h_;
};

}  // namespace

std::unique_ptr<GibbsEngine> make_dbn_gibbs_engine_cuda(const RbmStack& stack, DeepStep step) {
  return std::make_unique<DbnGibbsEngineCuda>(stack, step);
}

}  // namespace rbmdyn
