#include "host/sweep/merge.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "host/core/error.hpp"

namespace rbmdyn {
namespace fs = std::filesystem;

namespace {

// The options with the shard and the device blanked: what shards of one sweep must share.
nlohmann::json sweep_identity(const SweepOptions& o) {
  nlohmann::json j = o;
  j.erase("shard");
  j.erase("device");
  return j;
}

template <class T>
void append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

SweepFolder merge_sweep_folders(const std::vector<fs::path>& shards) {
  if (shards.empty()) fail_input("merge: no shard folders given");
  std::vector<std::pair<fs::path, SweepFolder>> parts;
  for (const fs::path& dir : shards) parts.emplace_back(dir, read_sweep_folder(dir));
  std::sort(parts.begin(), parts.end(),
            [](const auto& a, const auto& b) { return a.second.data.vectors.first < b.second.data.vectors.first; });

  const auto& [first_dir, first] = parts.front();
  const nlohmann::json identity = sweep_identity(first.data.options);
  const int expected_count = first.data.options.shard.count;
  if (static_cast<int>(parts.size()) != expected_count)
    fail_input("merge: " + std::to_string(parts.size()) + " folders given, but " + first_dir.string() +
               " is one of " + std::to_string(expected_count) + " shards");
  SweepFolder merged;
  merged.record = first.record;
  merged.biasing = first.biasing;
  SweepData& m = merged.data;
  m.options = first.data.options;
  m.options.shard = Shard{};
  m.vectors = m.options.vectors();
  m.n_visible = first.data.n_visible;
  m.n_hidden = first.data.n_hidden;
  int next = m.vectors.first;
  for (auto& [dir, part] : parts) {
    const SweepData& d = part.data;
    if (sweep_identity(d.options) != identity)
      fail_input("merge: " + dir.string() + " was run with other options (" + sweep_identity(d.options).dump() +
                 ") than " + first_dir.string() + " (" + identity.dump() + ")");
    if (part.record.inputs.value("rbm_sha256", "") != first.record.inputs.value("rbm_sha256", "") ||
        part.record.inputs.value("classifier_sha256", "") != first.record.inputs.value("classifier_sha256", ""))
      fail_input("merge: " + dir.string() + " used another RBM or classifier file than " + first_dir.string());
    if (part.biasing.lb != first.biasing.lb || part.biasing.k != first.biasing.k)
      fail_input("merge: " + dir.string() + " used other biasing vectors than " + first_dir.string());
    if (d.vectors.first != next)
      fail_input("merge: vectors " + std::to_string(next) + ".." + std::to_string(d.vectors.first - 1) +
                 " are missing or covered twice (next folder " + dir.string() + " starts at " +
                 std::to_string(d.vectors.first) + ")");
    next = d.vectors.first + d.vectors.count;
    append(m.pred, d.pred);
    append(m.entropy, d.entropy);
    append(m.activity, d.activity);
    append(m.examples, d.examples);
    append(m.start_activity, d.start_activity);
    m.gibbs_seconds += d.gibbs_seconds;
  }
  if (next != m.vectors.first + m.vectors.count)
    fail_input("merge: the shards end at vector " + std::to_string(next - 1) + ", the sweep has vectors up to " +
               std::to_string(m.vectors.first + m.vectors.count - 1));
  merged.record.inputs["merged_from"] = [&] {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : parts) list.push_back(p.first.string());
    return list;
  }();
  return merged;
}

}  // namespace rbmdyn
