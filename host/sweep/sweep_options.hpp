#pragma once
// Options of a sweep: the study's experiment of method.md §4–§7 — every biasing vector of a set ×
// chains × steps as one batch of Gibbs chains, every step classified, the metrics reduced.
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "host/biasing/biasing_set.hpp"
#include "host/gibbs/gibbs_engine.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn {

// A part of a sweep for one job of many: shard `index` of `count` takes a contiguous block of the set's
// vectors (the blocks differ in size by at most one vector). Chains keep their global index, so the
// union of the shards is exactly the unsharded sweep.
struct Shard {
  int index = 0;
  int count = 1;
  bool whole() const { return count == 1; }
};
// Parses "i/n" (0 ≤ i < n); InputError naming `option` otherwise.
Shard parse_shard(const std::string& text, const std::string& option = "shard");
std::string shard_name(const Shard& shard);  // "2/8"

struct SweepOptions {
  VectorSet set = VectorSet::all;
  int64_t chains = 100;  // per vector (method.md §0)
  int steps = 100;
  uint64_t seed = 1;
  float temperature = 1.0f;
  VisibleMode visible_mode = VisibleMode::mean_field;
  // Visible states kept for the figures: the first `example_chains` chains of every vector at these
  // 0-based steps (Fig. 2a/3c rows 1, 2, 3, 4, 5, 10, 25, 50, 100 of the BI snapshot; method.md §8).
  std::vector<int> example_steps = {0, 1, 2, 3, 4, 9, 24, 49, 99};
  int example_chains = 3;
  Shard shard;
  Backend backend = Backend::cpu;

  // InputError naming the option for impossible values; drops example steps ≥ steps.
  void validate();
  // Global vector indices this run covers (the shard's block of the set's range).
  VectorRange vectors() const;
};

void to_json(nlohmann::json& j, const SweepOptions& o);
// Reads what to_json wrote; `source` names the file in errors.
SweepOptions sweep_options_from_json(const nlohmann::json& j, const std::string& source);

}  // namespace rbmdyn
