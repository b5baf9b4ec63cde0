#pragma once
// Batched top-down Gibbs chains (docs/method.md §4). Two implementations of one interface: the CPU engine
// (cpu_sgemm + vectorised OpenMP passes, the reference) and the CUDA engine (cuBLAS + fused kernels,
// the step loop captured in a CUDA graph).
//
// For a start matrix H_in [chains, n_hidden] (continuous or binary) and t = 0 .. steps−1:
//   t = 0:  hstate = H_in                       (used as given: not sampled, not squashed)
//   t > 0:  hprob  = σ((vstate·W + b_h) / T),  hstate = Bern(hprob)
//   every t: vprob = σ((hstate·Wᵀ + b_v) / T),  vstate = vprob            (VisibleMode::mean_field)
//                                               vstate = Bern(vprob)      (VisibleMode::sampled)
// Random numbers come from the shared stream at (seed, gibbs_hidden / gibbs_visible, a = vector,
// b = t, c = chain within the vector, element = unit), where global chain g = chain_offset + local
// chain is vector g / chains_per_vector, chain g % chains_per_vector (gibbs::chain_address). So a shard
// of a sweep (a subset of its chains with the matching chain_offset) reproduces exactly the chains of
// the full run, adding chains per vector never changes the chains already there, and the CPU and CUDA
// engines draw the same numbers. Their trajectories then agree except where GEMM rounding (the
// only source of CPU/GPU difference) moves a probability across its uniform, which happens with
// probability ~1e-7 per draw.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "host/rbm/rbm_model.hpp"
#include "host/runtime/device.hpp"
#include "host/runtime/stream.hpp"

namespace rbmdyn {

enum class VisibleMode {
  mean_field,  // the visible layer stays the probability vprob (the study's mode, docs/method.md §4.1)
  sampled,     // the visible layer is sampled: standard block Gibbs sampling
};
VisibleMode parse_visible_mode(const std::string& text, const std::string& option_name = "visible");
const char* visible_mode_name(VisibleMode mode);

// Which steps' visible states the result keeps.
enum class KeepVisible { all, steps, none };

struct GibbsOptions {
  int steps = 100;
  float temperature = 1.0f;  // T > 0; pre-activations are divided by T
  VisibleMode visible_mode = VisibleMode::mean_field;
  uint64_t seed = 1;
  uint64_t chain_offset = 0;             // global index of local chain 0
  uint64_t chains_per_vector = 1;        // how global chains group into vectors (vector-major)
  KeepVisible keep_visible = KeepVisible::all;
  std::vector<int> keep_steps;           // 0-based steps, for KeepVisible::steps (sorted, unique, < steps)
  bool keep_hidden_states = false;       // also return hstate for every step

  // The 0-based steps whose visible states are kept, in increasing order.
  std::vector<int> kept_steps() const;
  // InputError naming the option when a value is out of range.
  void validate(int64_t chains) const;
};

// What a GibbsStepSink sees after step `step`. Pointers are in the engine's memory space: host memory
// for the CPU engine; device memory for the CUDA engine, valid only for work enqueued on `stream`
// before on_step returns; the engine does not synchronise the host for the sink.
struct GibbsStepView {
  int step = 0;                  // 0-based
  int64_t chains = 0;
  int64_t n_visible = 0;
  const float* visible = nullptr;   // [chains, n_visible] vstate of this step
  const float* activity = nullptr;  // [chains] % active hidden units at this step
  Backend backend = Backend::cpu;
  StreamHandle stream = nullptr;    // the CUDA engine's stream; nullptr on the CPU
};

// A per-step consumer (e.g. the classifier of a sweep). Called once per step, in step order.
class GibbsStepSink {
 public:
  virtual ~GibbsStepSink() = default;
  virtual void on_step(const GibbsStepView& view) = 0;
};

struct GibbsResult {
  int64_t chains = 0;
  int steps = 0;
  int64_t n_visible = 0;
  int64_t n_hidden = 0;
  std::vector<int> kept_steps;   // 0-based steps held in `visible`
  std::vector<float> visible;    // [chains, kept_steps.size(), n_visible] vstate
  std::vector<float> activity;   // [chains, steps] % active hidden: 100·mean_j hstate (docs/method.md §7.5)
  std::vector<float> hidden;     // [chains, steps, n_hidden] hstate, when keep_hidden_states
  // Deep models only (host/gibbs/dbn_gibbs_engine.hpp): [chains, steps, depth] % active of hidden layers
  // 1 … L at each step (the down-pass samples; layer L = `activity`). Empty for a single RBM.
  std::vector<float> layer_activity;
  int depth = 1;
  double seconds = 0;            // wall time of run()
};

class GibbsEngine {
 public:
  virtual ~GibbsEngine() = default;
  virtual Backend backend() const = 0;
  // Runs options.steps steps for every row of `start` [chains, n_hidden] (host memory, finite values).
  // Memory beyond the current batch is only what `options` asks to keep. `sink`, when given, is called
  // after every step.
  virtual GibbsResult run(const float* start, int64_t chains, const GibbsOptions& options,
                          GibbsStepSink* sink = nullptr) = 0;
};

// The engine keeps its own copy of the RBM (on the device for CUDA). InputError when the backend is not
// available.
std::unique_ptr<GibbsEngine> make_gibbs_engine(Backend backend, const Rbm& rbm);
std::unique_ptr<GibbsEngine> make_gibbs_engine_cpu(const Rbm& rbm);
#ifdef RBMDYN_HAVE_CUDA
std::unique_ptr<GibbsEngine> make_gibbs_engine_cuda(const Rbm& rbm);
#endif

// Rows of `vectors` [n_vectors, width] repeated `replicas` times each, vector-major: row
// v·replicas + r is vector v (the sweep layout, chain = vector × chains_per_vector + replica).
std::vector<float> tile_rows(const float* vectors, int64_t n_vectors, int64_t width, int64_t replicas);

// InputError naming the first entry of `start` [chains, n_hidden] that is not finite (every engine's check).
void require_finite_start(const float* start, int64_t chains, int64_t n_hidden);

// % active of each start row, 100·mean_j H_in[r, j] (the step-0 activity; summed in order in double).
std::vector<float> start_activity(const float* start, int64_t chains, int64_t n_hidden);

// FLOPs of the GEMMs of a run: step 0 has only h→v, later steps v→h and h→v (2·N·n_v·n_h each).
double gibbs_gemm_flops(int64_t chains, int steps, int64_t n_visible, int64_t n_hidden);

}  // namespace rbmdyn
