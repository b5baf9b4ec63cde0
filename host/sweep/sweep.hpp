#pragma once
// Running a sweep (method.md §4–§7): the vectors of a set (or a shard of it) × chains as one batch of
// Gibbs chains; after every step the visible states are classified where they are (on the device for
// CUDA) and the labels, entropies and a few example images are collected; nothing else leaves the
// engine. The result holds everything the metrics, files and figures are derived from.
#include <cstdint>
#include <vector>

#include "host/biasing/biasing_set.hpp"
#include "host/classifier/digit_classifier.hpp"
#include "host/rbm/rbm_model.hpp"
#include "host/sweep/sweep_options.hpp"

namespace rbmdyn {

// Raw results of a sweep (or a shard): arrays over the covered vectors, in global vector order.
struct SweepData {
  SweepOptions options;
  VectorRange vectors;                   // global vector indices covered
  int64_t n_visible = 0;
  int64_t n_hidden = 0;
  std::vector<uint8_t> pred;             // [V, chains, steps] class 0..10 (10 = non-digit)
  std::vector<float> entropy;            // [V, chains, steps] renormalised digit entropy, nats
  std::vector<float> activity;           // [V, chains, steps] % active hidden units
  std::vector<float> examples;           // [V, example_chains, example_steps, n_visible] visible states
  std::vector<float> start_activity;     // [V] % active of each start vector (step 1)
  double gibbs_seconds = 0;              // wall time of the chains including per-step classification
  int64_t vector_count() const { return vectors.count; }
  int64_t chains() const { return options.chains; }
  int steps() const { return options.steps; }
};

struct SweepRun;

// Runs options.vectors() of `biasing` with the RBM on options.backend, classifying with `classifier`
// (same backend), and reduces the metrics (on the device for CUDA). Chains are addressed by their
// global index, so shards reproduce the full run.
SweepRun run_sweep(const Rbm& rbm, const BiasingSet& biasing, DigitClassifier& classifier,
                   const SweepOptions& options);

}  // namespace rbmdyn
