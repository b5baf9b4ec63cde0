#pragma once
// What a captured CUDA step loop of a Gibbs engine depends on (host/gibbs/gibbs_engine_cuda.cpp,
// host/gibbs/dbn_gibbs_engine_cuda.cpp): a captured graph is replayed only for an identical key.
#include <cstdint>
#include <tuple>
#include <vector>

#include "host/gibbs/gibbs_engine.hpp"

namespace rbmdyn {

struct GibbsGraphKey {
  int64_t chains = -1;
  int steps = 0;
  float temperature = 0;
  VisibleMode mode = VisibleMode::mean_field;
  uint64_t seed = 0;
  uint64_t chain_offset = 0;
  uint64_t chains_per_vector = 1;
  std::vector<int> kept;
  bool keep_hidden = false;

  static GibbsGraphKey of(int64_t chains, const GibbsOptions& o) {
    return GibbsGraphKey{chains,
                         o.steps,
                         o.temperature,
                         o.visible_mode,
                         o.seed,
                         o.chain_offset,
                         o.chains_per_vector,
                         o.kept_steps(),
                         o.keep_hidden_states};
  }
  bool operator==(const GibbsGraphKey& o) const {
    return std::tie(chains, steps, temperature, mode, seed, chain_offset, chains_per_vector, kept, keep_hidden) ==
           std::tie(o.chains, o.steps, o.temperature, o.mode, o.seed, o.chain_offset, o.chains_per_vector, o.kept,
                    o.keep_hidden);
  }
};

}  // namespace rbmdyn
