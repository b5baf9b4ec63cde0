#include "host/gibbs/gibbs_engine.hpp"

#include <algorithm>
#include <cmath>

#include "host/core/error.hpp"
#include "host/ops/gibbs_math.hpp"

namespace rbmdyn {

VisibleMode parse_visible_mode(const std::string& text, const std::string& option_name) {
  if (text == "mean-field") return VisibleMode::mean_field;
  if (text == "sampled") return VisibleMode::sampled;
  fail_input(quote_option(option_name) + " " + text + ": expected mean-field or sampled");
}

const char* visible_mode_name(VisibleMode mode) { return mode == VisibleMode::mean_field ? "mean-field" : "sampled"; }

std::vector<int> GibbsOptions::kept_steps() const {
  std::vector<int> out;
  if (keep_visible == KeepVisible::all)
    for (int t = 0; t < steps; ++t) out.push_back(t);
  else if (keep_visible == KeepVisible::steps)
    out = keep_steps;
  return out;
}

void GibbsOptions::validate(int64_t chains) const {
  if (steps < 1) fail_input(quote_option("steps") + " " + std::to_string(steps) + ": must be at least 1");
  if (!(std::isfinite(temperature) && temperature > 0.0f))
    fail_input(quote_option("temperature") + " " + std::to_string(temperature) + ": must be a finite number > 0");
  if (chains < 1) fail_input(quote_option("chains") + ": a run needs at least one chain");
  // The vector index is the 32-bit `a` coordinate of the random stream, the chain within it the 24-bit `c`.
  if (chains_per_vector < 1 || chains_per_vector > kMaxStreamLanes)
    fail_input("chains per vector " + std::to_string(chains_per_vector) + ": must be in 1.." +
               std::to_string(kMaxStreamLanes));
  if ((chain_offset + static_cast<uint64_t>(chains) - 1) / chains_per_vector >= (uint64_t{1} << 32))
    fail_input("chain offset " + std::to_string(chain_offset) + " + " + std::to_string(chains) +
               " chains exceeds 2^32 vectors of the random stream");
  if (keep_visible == KeepVisible::steps) {
    for (std::size_t i = 0; i < keep_steps.size(); ++i) {
      const int t = keep_steps[i];
      if (t < 0 || t >= steps)
        fail_input(quote_option("keep_steps") + ": step " + std::to_string(t + 1) + " is outside 1.." + std::to_string(steps));
      if (i > 0 && t <= keep_steps[i - 1])
        fail_input(quote_option("keep_steps") + ": steps must be increasing and distinct (step " + std::to_string(t + 1) +
                   ")");
    }
  }
}

std::unique_ptr<GibbsEngine> make_gibbs_engine(Backend backend, const Rbm& rbm) {
  RBMDYN_CHECK(rbm.n_visible > 0 && rbm.n_hidden > 0 &&
                   rbm.W.size() == static_cast<std::size_t>(rbm.n_visible * rbm.n_hidden) &&
                   rbm.b_v.size() == static_cast<std::size_t>(rbm.n_visible) &&
                   rbm.b_h.size() == static_cast<std::size_t>(rbm.n_hidden),
               "inconsistent RBM shapes");
  require_backend_available(backend);
  if (backend == Backend::cpu) return make_gibbs_engine_cpu(rbm);
#ifdef RBMDYN_HAVE_CUDA
  return make_gibbs_engine_cuda(rbm);
#else
  fail_no_cuda_build();
#endif
}

std::vector<float> tile_rows(const float* vectors, int64_t n_vectors, int64_t width, int64_t replicas) {
  std::vector<float> out(static_cast<std::size_t>(n_vectors * replicas * width));
  for (int64_t v = 0; v < n_vectors; ++v)
    for (int64_t r = 0; r < replicas; ++r)
      std::copy_n(vectors + v * width, width, out.begin() + (v * replicas + r) * width);
  return out;
}

void require_finite_start(const float* start, int64_t chains, int64_t n_hidden) {
  for (int64_t i = 0; i < chains * n_hidden; ++i)
    if (!std::isfinite(start[i]))
      fail_input("start matrix: entry (chain " + std::to_string(i / n_hidden) + ", unit " + std::to_string(i % n_hidden) +
                 ") is not finite");
}

std::vector<float> start_activity(const float* start, int64_t chains, int64_t n_hidden) {
  std::vector<float> act(static_cast<std::size_t>(chains));
  for (int64_t r = 0; r < chains; ++r) {
    double sum = 0.0;
    for (int64_t j = 0; j < n_hidden; ++j) sum += static_cast<double>(start[r * n_hidden + j]);
    act[static_cast<std::size_t>(r)] = gibbs::activity_percent(sum, n_hidden);
  }
  return act;
}

double gibbs_gemm_flops(int64_t chains, int steps, int64_t n_visible, int64_t n_hidden) {
  const double one = 2.0 * static_cast<double>(chains) * static_cast<double>(n_visible) * static_cast<double>(n_hidden);
  return one * (2.0 * steps - 1.0);
}

}  // namespace rbmdyn
