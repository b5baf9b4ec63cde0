#pragma once
// A sweep's output folder. Raw arrays (what a merge concatenates) and derived results (what the
// metrics, report and figures read), all readable without this project:
//
//   config.json              options, covered vectors, inputs (model files and hashes), k, classifier,
//                            run environment, timings
//   biasing/                 the biasing set used (host/biasing/biasing_set.hpp layout)
//   pred.npy                 uint8   [V, chains, steps]   class per step (10 = non-digit)
//   entropy.npy              float32 [V, chains, steps]   renormalised digit entropy (nats)
//   activity.npy             float32 [V, chains, steps]   % active hidden units
//   examples.npy             float32 [V, example_chains, example_steps, 784]
//   start_activity.npy       float32 [V]                  % active of each start vector
//   lb_vectors.npy           float32 [10, n_hidden]       H_LB (Fig. 3a)
//   vectors.csv              per vector: vector, set, name, a, b, start_activity, then the group
//                            summary columns of host/analysis/analysis_writer.hpp (V_mean, ST0_mean, ...)
//   transitions.npy          int64   [V, 11, 11]          transition counts per vector
//   step_accuracy.npy        float64 [covered LB digits, steps]   accuracy per biasing digit
//   step_activity.npy        float64 [V, 2, steps]        % active: mean, SEM (ddof 1)
//   step_entropy.npy         float64 [V, 2, steps]        entropy: mean, SEM (ddof 1)
//   transitions_lb_pooled.npy float64 [11, 11]            pooled LB matrix, row-normalised (NaN rows)
//   summary.json             per method: the analysis summary (analysis_summary_json)
//   paper_numbers.json/.md   the §9 headline numbers (when all three methods are complete)
#include <filesystem>
#include <nlohmann/json.hpp>

#include "host/biasing/biasing_set.hpp"
#include "host/sweep/sweep.hpp"
#include "host/sweep/sweep_analysis.hpp"

namespace rbmdyn {

// Everything a sweep folder holds besides the arrays: recorded in config.json.
struct SweepRecord {
  nlohmann::json inputs;       // rbm/classifier/biasing paths and hashes, k, ...
  std::string classifier;      // DigitClassifier::description()
  nlohmann::json timings;      // seconds per phase
};

void write_sweep_folder(const std::filesystem::path& dir, const SweepData& data, const SweepAnalysis& analysis,
                        const BiasingSet& biasing, const SweepRecord& record);

// A folder's raw data (options, covered vectors and arrays), its record and its biasing set, validated
// (shapes consistent with the options; InputError naming the file otherwise).
struct SweepFolder {
  SweepData data;
  SweepRecord record;
  BiasingSet biasing;
};
SweepFolder read_sweep_folder(const std::filesystem::path& dir);

}  // namespace rbmdyn
