// The CPU trajectory reducer, the twin of kernels/metrics.cu: the same scans (host/ops/reduction_math.hpp),
// in the same order, with plain adds for the atomics.
#include "host/analysis/trajectory_reduction.hpp"
#include "host/core/error.hpp"
#include "host/ops/reduction_math.hpp"
#include "host/runtime/nvtx.hpp"

namespace rbmdyn::analysis {
namespace {

class TrajectoryReducerCpu final : public TrajectoryReducer {
 public:
  Backend backend() const override { return Backend::cpu; }

  TrajectoryReduction reduce(const uint8_t* pred, int64_t n_chains, int64_t n_steps, const ChainGrouping& grouping,
                             const std::string& source) override {
    NvtxRange range("metrics");
    RBMDYN_CHECK(grouping.n_chains() == n_chains, "grouping does not match the number of chains");
    grouping.validate(source + " grouping");  // group ids index the transition counts
    validate_predictions(pred, n_chains, n_steps, source);
    TrajectoryReduction r;
    r.n_chains = n_chains;
    r.n_steps = n_steps;
    r.n_groups = grouping.n_groups;
    r.visited.resize(n_chains);
    r.runs.resize(n_chains);
    r.changes.resize(n_chains);
    r.state_time.assign(static_cast<std::size_t>(n_chains) * kNumStates, 0);
    r.transitions.assign(static_cast<std::size_t>(grouping.n_groups) * kNumTransitions, 0);
    r.chain_group = grouping.group;
    r.group_sizes = grouping.group_sizes();

    for (int64_t n = 0; n < n_chains; ++n) {
      const uint8_t* row = pred + n * n_steps;
      int32_t* counts = r.transitions.data() + static_cast<int64_t>(grouping.group[n]) * kNumTransitions;
      int32_t* st = r.state_time.data() + n * kNumStates;
      ChainScan scan;
      for (int64_t t = 0; t < n_steps; ++t) {
        scan.step(row[t]);
        ++st[row[t]];
        if (t > 0) ++counts[transition_index(row[t - 1], row[t])];
      }
      r.visited[n] = scan.visited();
      r.runs[n] = scan.runs;
      r.changes[n] = changes_from_runs(scan.runs);
    }

    if (grouping.has_labels()) {
      const GroupMembers by_label = group_members(grouping.label, kNumDigits);
      r.correct.assign(static_cast<std::size_t>(kNumDigits * n_steps), 0);
      r.label_sizes.assign(kNumDigits, 0);
      for (int d = 0; d < kNumDigits; ++d) {
        r.label_sizes[d] = by_label.offsets[d + 1] - by_label.offsets[d];
        for (int64_t t = 0; t < n_steps; ++t)
          r.correct[d * n_steps + t] = count_correct(pred, n_steps, t, static_cast<uint32_t>(d), by_label.members.data(),
                                                     by_label.offsets[d], by_label.offsets[d + 1]);
      }
    }
    return r;
  }

  StepMoments step_moments(const float* values, int64_t n_chains, int64_t n_steps, const std::vector<int32_t>& group,
                           int32_t n_groups) override {
    RBMDYN_CHECK(static_cast<int64_t>(group.size()) == n_chains, "group ids do not match the number of chains");
    const GroupMembers gm = group_members(group, n_groups);
    StepMoments m;
    m.n_steps = n_steps;
    m.n_groups = n_groups;
    m.count.resize(n_groups);
    m.mean.resize(static_cast<std::size_t>(n_groups * n_steps));
    m.m2.resize(static_cast<std::size_t>(n_groups * n_steps));
    for (int32_t g = 0; g < n_groups; ++g) {
      m.count[g] = gm.offsets[g + 1] - gm.offsets[g];
      for (int64_t t = 0; t < n_steps; ++t) {
        const StepMoment s = step_moment(values, n_steps, t, gm.members.data(), gm.offsets[g], gm.offsets[g + 1]);
        m.mean[g * n_steps + t] = s.mean;
        m.m2[g * n_steps + t] = s.m2;
      }
    }
    return m;
  }
};

}  // namespace

std::unique_ptr<TrajectoryReducer> make_trajectory_reducer_cpu() { return std::make_unique<TrajectoryReducerCpu>(); }

}  // namespace rbmdyn::analysis
