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
    const float* activity = data.activity.data() + offset;
    std::optional<analysis::StepStatistics> active =
        analysis::step_statistics(activity, n, T, grouping, kSemDdofActive);
    if (device != nullptr && device->pred != nullptr) {
#ifdef RBMDYN_HAVE_CUDA
      auto stream = static_cast<cudaStream_t>(device->stream);
      s.analysis = analysis::analyze_trajectories(
          analysis::reduce_trajectories_cuda(device->pred + offset, n, T, grouping, stream),
          analysis::step_statistics_cuda(device->entropy + offset, n, T, grouping, kSemDdofEntropy,
                                         stream),
          std::move(active));
#else
      fail("device arrays given to analyze_sweep in a build without CUDA");
#endif
    } else {
      analysis::validate_predictions(data.pred.data() + offset, n, T, "sweep predictions");
      s.analysis = analysis::analyze_trajectories(
          analysis::reduce_trajectories(data.pred.data() + offset, n, T, grouping),
          analysis::step_statistics(data.entropy.data() + offset, n, T, grouping, kSemDdofEntropy),
          std::move(active));
    }
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
