#pragma once
// From a trained RBM and labelled images to the study's biasing set (method.md §3, §5.1): readout,
// H_LB, k (rule or override), intersection and double-LB vectors, plus the summary a biasing folder
// records (step-1 activity per digit, k, overlaps, class counts).
#include <nlohmann/json.hpp>
#include <optional>

#include "host/biasing/biasing_set.hpp"
#include "host/biasing/label_biasing.hpp"

namespace rbmdyn {

struct DerivedBiasing {
  BiasingSet set;
  nlohmann::json summary;  // k_rule, k_override, step1_active_percent (+ mean/sem), overlap, class_counts
};

// images [n, n_visible] in [0, 1], labels [n] in 0..9. `k` overrides the rule of §5.1 when given.
DerivedBiasing derive_biasing(const Rbm& rbm, const float* images, const uint8_t* labels, int64_t n, uint64_t seed,
                              Backend backend, ReadoutMode mode = ReadoutMode::sampled,
                              std::optional<int> k = std::nullopt);

}  // namespace rbmdyn
