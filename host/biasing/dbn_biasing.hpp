#pragma once
// Label biasing at the top of a deep model (dbn.md §4): the readout is a deterministic mean-field up
// pass Q = ↑_L(… ↑_1(X)) over the labelled images (§4.1), H_LB(c) = the class means of Q in double
// (§4.2), k = ⌊n_L · mean H_LB⌋ (§4.4), and the chimera vectors of §6 from them. The last step is the
// RBM study's derive_biasing applied to the top RBM with the probabilities of layer L − 1 as its input
// and ReadoutMode::probabilities, so both models share one definition of every vector.
#include <cstdint>
#include <optional>
#include <vector>

#include "host/biasing/derive_biasing.hpp"
#include "host/rbm/rbm_stack.hpp"

namespace rbmdyn {

// ↑_upto(… ↑_1(X)) for X [n, n_0]: [n, n_upto] (upto = 0 returns X). CPU, mean-field, in chunks of rows.
std::vector<float> stack_up_mean_field(const RbmStack& stack, const float* X, int64_t n, int upto);

// The fraction of rows of Q [n, width] whose nearest class mean (Euclidean, in double) among
// class_means [10, width] is their own label's: how well the top layer separates the digits, a training
// diagnostic recorded in the biasing summary (`readout_class_mean_accuracy`).
double class_mean_readout_accuracy(const float* Q, const uint8_t* labels, int64_t n, int64_t width,
                                   const float* class_means);

// images [n, n_0] in [0, 1], labels [n] in 0..9. `k` overrides the rule of §4.4 when given. The readout
// has no random draws; `seed` only labels the summary.
DerivedBiasing derive_dbn_biasing(const RbmStack& stack, const float* images, const uint8_t* labels, int64_t n,
                                  uint64_t seed, std::optional<int> k = std::nullopt);

}  // namespace rbmdyn
