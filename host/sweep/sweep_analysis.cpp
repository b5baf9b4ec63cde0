#include "host/sweep/sweep_analysis.hpp"

#include <algorithm>

#include "host/analysis/trajectory_reduction.hpp"
#include "host/core/error.hpp"
#include "host/runtime/nvtx.hpp"

namespace rbmdyn {

const SetAnalysis* SweepAnalysis::find(VectorSet set) const {
  for (const SetAnalysis& s : sets)
    if (s.set == set) return &s;
  return nullptr;
}

namespace {

// Groups = covered vectors of the set (local 0..n−1); label biasing chains carry their digit, which is
// the global vector index (vectors 0..9 are digits 0..9).
analysis::ChainGrouping set_grouping(VectorSet set, VectorRange covered, int64_t chains) {
  analysis::ChainGrouping g;
  g.n_groups = covered.count;
  g.group.resize(static_cast<std::size_t>(covered.count * chains));
  for (int64_t c = 0; c < static_cast<int64_t>(g.group.size()); ++c)
    g.group[static_cast<std::size_t>(c)] = static_cast<int32_t>(c / chains);
  if (set == VectorSet::lb) {
    g.label.resize(g.group.size());
    for (std::size_t c = 0; c < g.group.size(); ++c) g.label[c] = covered.first + g.group[c];
  }
  return g;
}

}  // namespace

SweepAnalysis analyze_sweep(const SweepData& data, const SweepDeviceArrays* device) {
  NvtxRange range("metrics");
  const int64_t C = data.chains();
  const int64_t T = data.steps();
  const bool on_device = device != nullptr && device->pred != nullptr;
  const auto host = analysis::make_trajectory_reducer_cpu();
  const auto reducer = on_device ? analysis::make_trajectory_reducer(Backend::cuda, device->stream)
                                 : analysis::make_trajectory_reducer_cpu();
  SweepAnalysis out;
  for (VectorSet set : {VectorSet::lb, VectorSet::intersection, VectorSet::double_lb}) {
    const VectorRange all = vector_range(set);
    const int first = std::max(all.first, data.vectors.first);
    const int end = std::min(all.first + all.count, data.vectors.first + data.vectors.count);
    if (end <= first) continue;
    SetAnalysis s;
    s.set = set;
    s.covered = {first, end - first};
    s.complete = s.covered.count == all.count;
    const analysis::ChainGrouping grouping = set_grouping(set, s.covered, C);
    const int64_t offset = (first - data.vectors.first) * C * T;  // first element of the set's chains
    const int64_t n = s.covered.count * C;
    // % active is on the host on every backend; pred and entropy where the sink left them.
    std::optional<analysis::StepStatistics> active =
        analysis::step_statistics(*host, data.activity.data() + offset, n, T, grouping, kSemDdofActive);
    const uint8_t* pred = on_device ? device->pred : data.pred.data();
    const float* entropy = on_device ? device->entropy : data.entropy.data();
    if (!on_device) analysis::validate_predictions(pred + offset, n, T, "sweep predictions");
    s.analysis = analysis::analyze_trajectories(
        reducer->reduce(pred + offset, n, T, grouping),
        analysis::step_statistics(*reducer, entropy + offset, n, T, grouping, kSemDdofEntropy), std::move(active));
    out.sets.push_back(std::move(s));
  }
  const SetAnalysis* lb = out.find(VectorSet::lb);
  const SetAnalysis* in = out.find(VectorSet::intersection);
  const SetAnalysis* db = out.find(VectorSet::double_lb);
  if (lb && in && db && lb->complete && in->complete && db->complete)
    out.paper = analysis::paper_numbers({&lb->analysis, &in->analysis, &db->analysis, data.n_hidden});
  return out;
}

}  // namespace rbmdyn
