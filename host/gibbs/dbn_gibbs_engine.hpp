#pragma once
// Top-down generation through a deep model (dbn.md §5), as a GibbsEngine so that the sweep, the
// metrics and the figures use it unchanged. For a stack of L RBMs, start H_in [chains, n_L] and
// t = 0 … steps − 1 (dbn.md §5.1):
//
//   DeepStep::sweep (the authors' code; default)
//     t = 0:  h_L = H_in                                   (as given)
//     t > 0:  u_1 = Bern(↑_1(v[t−1])), …, u_{L−1} = Bern(↑_{L−1}(u_{L−2})),  h_L = Bern(↑_L(u_{L−1}))
//   DeepStep::top_gibbs (the classic DBN sampler; ablation [D])
//     t > 0:  h_L = Bern(↑_L(h_{L−1}[t−1]))               (one Gibbs step in the top RBM)
//   every t (down pass): h_{L−1} = Bern(↓_L(h_L)), …, h_1 = Bern(↓_2(h_2)),  v[t] = ↓_1(h_1)  (probability)
//
// ↑_l(x) = σ((x·W_l + b_h,l)/T), ↓_l(h) = σ((h·W_lᵀ + b_v,l)/T). A chain is addressed as by the RBM
// engine: global chain g = chain_offset + row is (a = vector, c = chain within it) = gibbs::chain_address
// (g, chains_per_vector). The top sample h_L uses the RBM engine's stream (gibbs_hidden, b = t), so
// the one-layer stack is exactly the RBM engine in mean-field mode; the other layers use (dbn_gibbs,
// b = 16·t + slot) with slot l − 1 for u_l and 8 + l − 1 for the down-pass h_l. `activity` is 100·mean_j h_L[t]
// (100·mean H_in at t = 0); `layer_activity` adds every hidden layer's down-pass sample.
#include <memory>
#include <string>

#include "host/gibbs/gibbs_engine.hpp"
#include "host/rbm/rbm_stack.hpp"

namespace rbmdyn {

enum class DeepStep { sweep, top_gibbs };
DeepStep parse_deep_step(const std::string& text, const std::string& option = "deep_step");
const char* deep_step_name(DeepStep step);

// InputError when the backend is not available or the stack is deeper than 8 RBMs. CUDA: the engine of
// host/gibbs/dbn_gibbs_engine_cuda.cpp for every depth (the one-layer stack then equals the RBM CUDA
// engine, plus layer_activity).
std::unique_ptr<GibbsEngine> make_dbn_gibbs_engine(Backend backend, const RbmStack& stack, DeepStep step = DeepStep::sweep);
std::unique_ptr<GibbsEngine> make_dbn_gibbs_engine_cpu(const RbmStack& stack, DeepStep step);
#ifdef RBMDYN_HAVE_CUDA
std::unique_ptr<GibbsEngine> make_dbn_gibbs_engine_cuda(const RbmStack& stack, DeepStep step);
#endif

// What every deep engine checks before a run (InputError naming the option or entry): the options,
// a mean-field visible layer, a finite start [chains, n_top].
void validate_deep_run(const GibbsOptions& o, const float* start, int64_t chains, int64_t n_top);

// Bytes the CUDA engine's run buffers take for `chains` chains keeping `kept` visible steps (checked
// against the device's free memory first): one batch per layer Σ_l [N, n_l], the activity [steps, L, N],
// the kept visible [N, kept, n_0] and, with keep_hidden_states, every top state [N, steps, n_L]; 4-byte
// floats. `sizes` n_0 … n_L.
double dbn_gibbs_device_bytes(const std::vector<int64_t>& sizes, int64_t chains, int64_t kept, const GibbsOptions& o);

// FLOPs of the GEMMs of a run (2·N·n_{l−1}·n_l per product; dbn.md §5.1 "6 matrix products" per step).
double dbn_gibbs_gemm_flops(const RbmStack& stack, DeepStep step, int64_t chains, int steps);

}  // namespace rbmdyn
