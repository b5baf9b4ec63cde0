#pragma once
// A sweep spread over several GPUs of one machine: the vectors are split into one shard per device,
// each device runs its shard (its own Gibbs engine and classifier) in its own host thread, and the
// shards are merged in memory. Because chains are addressed by their global index, the result is the
// one a single device would give (up to the GEMM rounding that separates any two devices).
#include <filesystem>
#include <vector>

#include "host/classifier/digit_classifier.hpp"
#include "host/sweep/sweep_analysis.hpp"

namespace rbmdyn {

// `options.backend` must be cuda and options.shard whole; `classifier` is loaded once per device.
SweepRun run_sweep_on_devices(const Rbm& rbm, const BiasingSet& biasing, const std::filesystem::path& classifier,
                              const DigitClassifierOptions& classifier_options, const SweepOptions& options,
                              const std::vector<int>& devices);

}  // namespace rbmdyn
