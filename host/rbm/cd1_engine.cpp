#include "host/rbm/cd1_engine.hpp"

#include <numeric>

#include "host/core/error.hpp"
#include "host/core/random.hpp"

namespace rbmdyn {

Cd1State Cd1State::fresh(int64_t n_visible, const Cd1Config& config) {
  return from_rbm(Rbm::initialized(n_visible, config.n_hidden, config.seed, config.init_std, config.stream_layer));
}

Cd1State Cd1State::from_rbm(Rbm rbm) {
  Cd1State s;
  s.dW.assign(rbm.W.size(), 0.0f);
  s.db_v.assign(rbm.b_v.size(), 0.0f);
  s.db_h.assign(rbm.b_h.size(), 0.0f);
  s.rbm = std::move(rbm);
  return s;
}

std::vector<int32_t> cd1_epoch_order(const Cd1Config& config, int64_t n_samples, int epoch) {
  std::vector<int32_t> order(static_cast<std::size_t>(n_samples));
  std::iota(order.begin(), order.end(), 0);
  if (config.shuffle) {
    // Fisher–Yates with draws from the shared stream: position i swaps with one in [0, i].
    const RandomStream rng{config.seed, RngPurpose::cd1_shuffle};
    for (int64_t i = n_samples - 1; i > 0; --i) {
      const uint32_t bits = rng.bits(static_cast<uint32_t>(epoch), 0, static_cast<uint32_t>(i));
      std::swap(order[static_cast<std::size_t>(i)],
                order[uniform_below(bits, static_cast<uint32_t>(i + 1))]);
    }
  }
  return order;
}

std::unique_ptr<Cd1Engine> make_cd1_engine(Backend backend, const Cd1Config& config, Cd1State initial,
                                           const float* data, int64_t n_samples) {
  config.validate();
  RBMDYN_CHECK(initial.rbm.n_hidden == config.n_hidden, "initial state does not match the configured hidden units");
  if (n_samples < config.batch_size)
    fail_input(quote_option("batch_size") + " " + std::to_string(config.batch_size) + " exceeds the " + std::to_string(n_samples) +
               " training images");
  require_backend_available(backend);
  if (backend == Backend::cpu) return make_cd1_engine_cpu(config, std::move(initial), data, n_samples);
#ifdef RBMDYN_HAVE_CUDA
  return make_cd1_engine_cuda(config, std::move(initial), data, n_samples);
#else
  fail_no_cuda_build();
#endif
}

}  // namespace rbmdyn
