#include "host/gibbs/dbn_gibbs_engine.hpp"

#include "host/core/error.hpp"

namespace rbmdyn {

DeepStep parse_deep_step(const std::string& text, const std::string& option) {
  if (text == "sweep") return DeepStep::sweep;
  if (text == "top_gibbs") return DeepStep::top_gibbs;
  fail_input(quote_option(option) + " '" + text + "': must be sweep or top_gibbs");
}

const char* deep_step_name(DeepStep step) { return step == DeepStep::top_gibbs ? "top_gibbs" : "sweep"; }

std::unique_ptr<GibbsEngine> make_dbn_gibbs_engine(Backend backend, const RbmStack& stack, DeepStep step) {
  if (stack.depth() < 1 || stack.depth() > 8) fail_input("deep generation needs a stack of 1 to 8 RBMs");
  require_backend_available(backend);
  if (backend == Backend::cpu) return make_dbn_gibbs_engine_cpu(stack, step);
#ifdef RBMDYN_HAVE_CUDA
  return make_dbn_gibbs_engine_cuda(stack, step);
#else
  fail_no_cuda_build();
#endif
}

void validate_deep_run(const GibbsOptions& o, const float* start, int64_t chains, int64_t n_top) {
  o.validate(chains);
  if (o.visible_mode != VisibleMode::mean_field)
    fail_input(quote_option("visible_mode") + ": deep generation keeps the visible layer a probability (mean_field)");
  require_finite_start(start, chains, n_top);
}

double dbn_gibbs_device_bytes(const std::vector<int64_t>& sizes, int64_t chains, int64_t kept, const GibbsOptions& o) {
  double layers = 0;
  for (int64_t n : sizes) layers += static_cast<double>(n);
  const double L = static_cast<double>(sizes.size()) - 1, steps = o.steps;
  const double top = o.keep_hidden_states ? steps * static_cast<double>(sizes.back()) : 0.0;
  return 4.0 * static_cast<double>(chains) *
         (layers + steps * L + static_cast<double>(kept) * static_cast<double>(sizes.front()) + top);
}

double dbn_gibbs_gemm_flops(const RbmStack& stack, DeepStep step, int64_t chains, int steps) {
  double down = 0, up = 0;
  for (const Rbm& r : stack.layers) down += 2.0 * static_cast<double>(chains * r.n_visible * r.n_hidden);
  up = step == DeepStep::sweep ? down
                               : 2.0 * static_cast<double>(chains * stack.top().n_visible * stack.top().n_hidden);
  return down * steps + up * (steps > 0 ? steps - 1 : 0);
}

}  // namespace rbmdyn
