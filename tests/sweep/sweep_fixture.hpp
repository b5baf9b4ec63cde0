#pragma once
// A small sweep for tests: a random 784×48 RBM, random label-biasing vectors (k = 8) and a cheap
// deterministic stand-in classifier, so that a full 100-vector sweep runs in well under a second.
#include <cmath>
#include <vector>

#include "host/biasing/biasing_set.hpp"
#include "host/classifier/digit_classifier.hpp"
#include "host/core/random.hpp"
#include "host/rbm/rbm_model.hpp"
#include "host/sweep/sweep_options.hpp"

namespace rbmdyn::test {

// Label = a hash of the image's quantised mean intensity, so that chains wander between states (and
// non-digit, 10) as their images change; entropy = the mean intensity. Depends on the image only.
class StandInClassifier final : public DigitClassifier {
 public:
  StandInClassifier() : DigitClassifier(ClassifierArch::small(), Backend::cpu, 1) {}
  std::string description() const override { return "stand-in (mean intensity)"; }

 protected:
  void classify(const float* images, int64_t n, bool, uint8_t* pred, float* entropy, float*, StreamHandle) override {
    for (int64_t i = 0; i < n; ++i) {
      double sum = 0;
      for (int p = 0; p < 784; ++p) sum += images[i * 784 + p];
      const double mean = sum / 784.0;
      pred[i] = static_cast<uint8_t>(static_cast<int64_t>(std::floor(mean * 400.0)) % 11);
      entropy[i] = static_cast<float>(mean);
    }
  }
};

inline Rbm small_rbm() {
  Rbm rbm = Rbm::initialized(784, 48, 5, 0.3f);
  for (int64_t i = 0; i < rbm.n_visible; ++i) rbm.b_v[i] = -1.0f + 0.002f * static_cast<float>(i % 500);
  return rbm;
}

inline BiasingSet small_biasing(int64_t n_hidden = 48) {
  std::vector<float> lb(static_cast<std::size_t>(10 * n_hidden));
  const RandomStream rs{17, RngPurpose::nondigit};
  for (std::size_t k = 0; k < lb.size(); ++k) {
    const float u = uniform_from_bits(rs.bits(9, 0, static_cast<uint32_t>(k)));
    lb[k] = u * u * u;  // right-skewed like the real H_LB
  }
  return make_biasing_vectors(lb, n_hidden, 8);
}

inline SweepOptions small_options() {
  SweepOptions o;
  o.chains = 4;
  o.steps = 12;
  o.example_steps = {0, 1, 11};
  o.example_chains = 2;
  o.seed = 99;
  return o;
}

}  // namespace rbmdyn::test
