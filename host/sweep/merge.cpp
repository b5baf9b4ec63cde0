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

SweepData merge_sweep_data(std::vector<SweepData> parts, std::vector<std::string> names) {
  if (parts.empty()) fail_input("merge: no shards given");
  RBMDYN_CHECK(names.size() == parts.size(), "one name per shard");
  std::vector<std::size_t> order(parts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return parts[a].vectors.first < parts[b].vectors.first; });
  const SweepData& first = parts[order.front()];
  const std::string& first_name = names[order.front()];
  const nlohmann::json identity = sweep_identity(first.options);
  const int expected_count = first.options.shard.count;
  if (static_cast<int>(parts.size()) != expected_count)
    fail_input("merge: " + std::to_string(parts.size()) + " shards given, but " + first_name + " is one of " +
               std::to_string(expected_count) + " shards");
  SweepData m;
  m.options = first.options;
  m.options.shard = Shard{};
  m.vectors = m.options.vectors();
  m.n_visible = first.n_visible;
  m.n_hidden = first.n_hidden;
  int next = m.vectors.first;
  for (std::size_t i : order) {
    const SweepData& d = parts[i];
    if (sweep_identity(d.options) != identity)
      fail_input("merge: " + names[i] + " was run with other options (" + sweep_identity(d.options).dump() +
                 ") than " + first_name + " (" + identity.dump() + ")");
    if (d.vectors.first < next)
      fail_input("merge: " + names[i] + " covers vectors " + std::to_string(d.vectors.first) + ".." +
                 std::to_string(d.vectors.first + d.vectors.count - 1) + ", which another shard covers too (the same " +
                 "shard given twice?)");
    if (d.vectors.first > next)
      fail_input("merge: vectors " + std::to_string(next) + ".." + std::to_string(d.vectors.first - 1) +
                 " are missing (next shard " + names[i] + " starts at " + std::to_string(d.vectors.first) + ")");
    next = d.vectors.first + d.vectors.count;
    append(m.pred, d.pred);
    append(m.entropy, d.entropy);
    append(m.activity, d.activity);
    append(m.examples, d.examples);
    append(m.start_activity, d.start_activity);
    m.gibbs_seconds = std::max(m.gibbs_seconds, d.gibbs_seconds);
  }
  if (next != m.vectors.first + m.vectors.count)
    fail_input("merge: the shards end at vector " + std::to_string(next - 1) + ", the sweep has vectors up to " +
               std::to_string(m.vectors.first + m.vectors.count - 1));
  return m;
}

SweepFolder merge_sweep_folders(const std::vector<fs::path>& shards) {
  if (shards.empty()) fail_input("merge: no shard folders given");
  std::vector<SweepFolder> folders;
  for (const fs::path& dir : shards) folders.push_back(read_sweep_folder(dir));
  const SweepFolder& first = folders.front();
  for (std::size_t i = 1; i < folders.size(); ++i) {
    const SweepFolder& f = folders[i];
    if (f.record.inputs.value("rbm_sha256", "") != first.record.inputs.value("rbm_sha256", "") ||
        f.record.inputs.value("classifier_sha256", "") != first.record.inputs.value("classifier_sha256", ""))
      fail_input("merge: " + shards[i].string() + " used another RBM or classifier file than " + shards[0].string());
    if (f.biasing.lb != first.biasing.lb || f.biasing.k != first.biasing.k)
      fail_input("merge: " + shards[i].string() + " used other biasing vectors than " + shards[0].string());
  }
  SweepFolder merged;
  merged.record = first.record;
  merged.biasing = first.biasing;
  std::vector<SweepData> parts;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < folders.size(); ++i) {
    parts.push_back(std::move(folders[i].data));
    names.push_back(shards[i].string());
  }
  merged.data = merge_sweep_data(std::move(parts), std::move(names));
  nlohmann::json list = nlohmann::json::array();
  for (const fs::path& p : shards) list.push_back(p.string());
  merged.record.inputs["merged_from"] = list;
  return merged;
}

SweepFolder merge_sweep_folders_into(const fs::path& out, const std::vector<fs::path>& shards) {
  // Replacing `out` must never touch an input: refused before anything is read or written.
  for (const fs::path& shard : shards)
    if (path_is_inside(out, shard) || path_is_inside(shard, out))
      fail_input(quote_option("out") + " " + out.string() + ": is (or is inside, or contains) the input shard " +
                 shard.string() + "; choose another folder");
  OutputFolder folder(out, "out", sweep_folder_names());
  SweepFolder merged = merge_sweep_folders(shards);
  const SweepAnalysis analysis = analyze_sweep(merged.data);
  write_sweep_folder(folder.staging(), merged.data, analysis, merged.biasing, merged.record);
  folder.commit();
  return merged;
}

}  // namespace rbmdyn
