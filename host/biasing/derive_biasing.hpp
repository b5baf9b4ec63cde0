#pragma once
// From a trained RBM and labelled images to the study's biasing set (method.md §3, §5.1): readout,
// H_LB, k (rule or override), intersection and double-LB vectors, plus the summary a biasing folder
// records (step-1 activity per digit, k, overlaps, class counts).
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

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

// `rbmdyn biasing`: the readout of a trained RBM over the MNIST training set and the biasing folder
// (host/biasing/biasing_set.hpp layout; summary.json adds the options, timing and run environment).
struct BiasingJob {
  std::filesystem::path rbm;
  std::optional<std::string> mnist;  // default: $RBMDYN_MNIST
  std::filesystem::path out;
  std::optional<int> k;              // default: the rule of method.md §5.1 (the paper's value is 149)
  uint64_t seed = 1;                 // of the readout's hidden samples
  Backend backend = Backend::cpu;
  ReadoutMode readout = ReadoutMode::sampled;
};

struct BiasingJobResult {
  DerivedBiasing derived;
  int64_t images = 0;
  double seconds = 0;
};

// InputError naming the option or file for bad options or files.
BiasingJobResult make_biasing_folder(const BiasingJob& job);

}  // namespace rbmdyn
