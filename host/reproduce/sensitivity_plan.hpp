#pragma once
// The plan of a sensitivity analysis: which models to train, which chains to run, and which
// classifications ("views") of each run's samples to keep, so that work shared between variants is
// done once:
//   - a model (RBM or classifier) is trained once per distinct key (study_config.hpp);
//   - variants that differ only in the classifier (architecture, training, non-digit scale, sample
//     resize) share the chains: one run of the chains, every step labelled by each classifier;
//   - variants that differ only in metric conventions share the predictions (the same view).
// Cells are (variant, RBM seed, classifier seed); each points at one view of one chain run.
#include <cstdint>
#include <string>
#include <vector>

#include "host/reproduce/study_config.hpp"
#include "host/reproduce/variants.hpp"

namespace rbmdyn {

struct SensitivityGrid {
  StudyConfig base;
  std::vector<Variant> variants;              // "default" first
  std::vector<uint64_t> rbm_seeds = {1};
  std::vector<uint64_t> classifier_seeds = {1};
  bool all_classifier_seeds = false;          // every variant over every classifier seed
  // InputError naming the option: no seeds, repeated seeds, no default first.
  void validate() const;
};

struct PlannedTraining {
  std::string key;
  StudyConfig config;
  uint64_t seed = 0;
};

struct PlannedView {
  std::string key;  // view_key: the classifier and the sample resize
  StudyConfig config;
  uint64_t classifier_seed = 0;
  std::size_t classifier = 0;  // index into SensitivityPlan::classifiers
};

struct PlannedChainRun {
  std::string key;  // chains_key: RBM, biasing and generation
  StudyConfig config;
  uint64_t rbm_seed = 0;
  std::size_t rbm = 0;  // index into SensitivityPlan::rbms
  std::vector<PlannedView> views;
};

struct PlannedCell {
  std::string variant;
  uint64_t rbm_seed = 0;
  uint64_t classifier_seed = 0;
  StudyConfig config;
  std::size_t chain_run = 0;  // index into SensitivityPlan::chain_runs
  std::size_t view = 0;       // index into that run's views
};

struct SensitivityPlan {
  std::vector<PlannedTraining> rbms;
  std::vector<PlannedTraining> classifiers;
  std::vector<PlannedChainRun> chain_runs;
  std::vector<PlannedCell> cells;  // variant-major in grid order, then RBM seed, then classifier seed
  std::size_t view_count() const;
};

SensitivityPlan plan_sensitivity(const SensitivityGrid& grid);

// "1,2,3" → {1, 2, 3}; InputError naming the option for anything but comma-separated non-negative
// integers.
std::vector<uint64_t> parse_seed_list(const std::string& text, const std::string& option_name);

}  // namespace rbmdyn
