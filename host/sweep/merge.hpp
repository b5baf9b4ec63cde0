#pragma once
// Combining the shard folders of one sweep (a sweep run with shard i/n, one job each) into the folder
// an unsharded run writes: the raw arrays are concatenated in global vector order and the metrics,
// tables and headline numbers are recomputed from them.
#include <filesystem>
#include <vector>

#include "host/sweep/sweep_files.hpp"

namespace rbmdyn {

// Reads the folders (any order), checks that they are shards of one sweep (same options but the
// shard, same inputs and biasing set) and together cover each of its vectors exactly once (InputError
// naming the folder otherwise), and returns the merged data, record and biasing set.
SweepFolder merge_sweep_folders(const std::vector<std::filesystem::path>& shards);

// `rbmdyn merge`: merge_sweep_folders, the metrics of the whole sweep, and its folder written to `out`.
SweepFolder merge_sweep_folders_into(const std::filesystem::path& out, const std::vector<std::filesystem::path>& shards);

// The same for shard data in memory (e.g. one shard per GPU of a sweep over several devices): `parts` are shards
// of one sweep; `names` name them in errors. Returns the data of the whole sweep.
SweepData merge_sweep_data(std::vector<SweepData> parts, std::vector<std::string> names);

}  // namespace rbmdyn
