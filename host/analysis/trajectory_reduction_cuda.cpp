// The CUDA trajectory reducer (host/analysis/trajectory_reduction.hpp): uploads the (small) grouping,
// runs kernels/metrics.cuh on the device-resident arrays and downloads only the reduced metrics. Every
// copy is enqueued on the reducer's stream, so the work is ordered after whatever produced the arrays on
// that stream.
#include <cuda_runtime.h>

#include <limits>

#include "host/analysis/conventions.hpp"
#include "host/analysis/trajectory_reduction.hpp"
#include "host/core/cuda_check.hpp"
#include "host/core/error.hpp"
#include "host/runtime/device_buffer.hpp"
#include "host/runtime/nvtx.hpp"
#include "kernels/metrics.cuh"

namespace rbmdyn::analysis {
namespace {

template <class T>
void download_async(const DeviceBuffer<T>& buffer, std::vector<T>& host, cudaStream_t stream) {
  host.resize(buffer.size());
  buffer.download(host.data(), stream);
}

void check_grid(int64_t n_steps, int32_t n_groups) {
  RBMDYN_CHECK(n_groups <= 65535, "at most 65535 groups on the device (grid y)");
  RBMDYN_CHECK(n_steps >= 0, "negative step count");
}

TrajectoryReduction reduce_on_device(const uint8_t* device_pred, int64_t n_chains, int64_t n_steps,
                                     const ChainGrouping& grouping, cudaStream_t stream) {
  NvtxRange range("metrics");
  RBMDYN_CHECK(grouping.n_chains() == n_chains, "grouping does not match the number of chains");
  grouping.validate("device predictions' grouping");  // group ids index the transition counts
  RBMDYN_CHECK(n_chains * n_steps <= std::numeric_limits<int32_t>::max(), "too many entries for int32 counts");
  check_grid(n_steps, grouping.n_groups);
  TrajectoryReduction r;
  r.n_chains = n_chains;
  r.n_steps = n_steps;
  r.n_groups = grouping.n_groups;
  r.chain_group = grouping.group;
  r.group_sizes = grouping.group_sizes();

  DeviceBuffer<int32_t> group = DeviceBuffer<int32_t>::copy_of(grouping.group, stream);
  DeviceBuffer<int32_t> visited(n_chains), runs(n_chains), changes(n_chains);
  DeviceBuffer<int32_t> state_time(static_cast<std::size_t>(n_chains) * kNumStates);
  DeviceBuffer<int32_t> transitions(static_cast<std::size_t>(grouping.n_groups) * kNumTransitions);
  DeviceBuffer<int32_t> invalid(1);
  kernels::launch_chain_metrics(device_pred, n_chains, n_steps, group.data(), grouping.n_groups, visited.data(),
                                runs.data(), changes.data(), state_time.data(), transitions.data(), invalid.data(),
                                stream);
  std::vector<int32_t> invalid_count;
  download_async(invalid, invalid_count, stream);
  download_async(visited, r.visited, stream);
  download_async(runs, r.runs, stream);
  download_async(changes, r.changes, stream);
  download_async(state_time, r.state_time, stream);
  download_async(transitions, r.transitions, stream);

  GroupMembers by_label;
  DeviceBuffer<int32_t> members, offsets, correct;
  if (grouping.has_labels()) {
    by_label = group_members(grouping.label, kNumDigits);
    members = DeviceBuffer<int32_t>::copy_of(by_label.members, stream);
    offsets = DeviceBuffer<int32_t>::copy_of(by_label.offsets, stream);
    correct.resize(static_cast<std::size_t>(kNumDigits * n_steps));
    kernels::launch_correct_counts(device_pred, n_steps, members.data(), offsets.data(), correct.data(), stream);
    download_async(correct, r.correct, stream);
    r.label_sizes.resize(kNumDigits);
    for (int d = 0; d < kNumDigits; ++d) r.label_sizes[d] = by_label.offsets[d + 1] - by_label.offsets[d];
  }
  RBMDYN_CUDA_CHECK(cudaStreamSynchronize(stream));
  if (invalid_count.at(0) != 0)
    fail("device predictions hold " + std::to_string(invalid_count[0]) + " values outside 0..10");
  return r;
}

StepMoments step_moments_on_device(const float* device_values, int64_t n_chains, int64_t n_steps,
                                   const std::vector<int32_t>& group, int32_t n_groups, cudaStream_t stream) {
  NvtxRange range("metrics");
  RBMDYN_CHECK(static_cast<int64_t>(group.size()) == n_chains, "group ids do not match the number of chains");
  check_grid(n_steps, n_groups);
  const GroupMembers gm = group_members(group, n_groups);
  StepMoments m;
  m.n_steps = n_steps;
  m.n_groups = n_groups;
  m.count.resize(n_groups);
  for (int32_t g = 0; g < n_groups; ++g) m.count[g] = gm.offsets[g + 1] - gm.offsets[g];
  DeviceBuffer<int32_t> members = DeviceBuffer<int32_t>::copy_of(gm.members, stream);
  DeviceBuffer<int32_t> offsets = DeviceBuffer<int32_t>::copy_of(gm.offsets, stream);
  DeviceBuffer<double> mean(static_cast<std::size_t>(n_groups * n_steps)), m2(mean.size());
  kernels::launch_step_moments(device_values, n_steps, members.data(), offsets.data(), n_groups, mean.data(), m2.data(),
                               stream);
  download_async(mean, m.mean, stream);
  download_async(m2, m.m2, stream);
  RBMDYN_CUDA_CHECK(cudaStreamSynchronize(stream));
  return m;
}

class TrajectoryReducerCuda final : public TrajectoryReducer {
 public:
  explicit TrajectoryReducerCuda(StreamHandle stream) : stream_(stream) {}
  Backend backend() const override { return Backend::cuda; }
  TrajectoryReduction reduce(const uint8_t* pred, int64_t n_chains, int64_t n_steps, const ChainGrouping& grouping,
                             const std::string&) override {
    return reduce_on_device(pred, n_chains, n_steps, grouping, stream_);
  }
  StepMoments step_moments(const float* values, int64_t n_chains, int64_t n_steps, const std::vector<int32_t>& group,
                           int32_t n_groups) override {
    return step_moments_on_device(values, n_chains, n_steps, group, n_groups, stream_);
  }

 private:
  StreamHandle stream_;
};

}  // namespace

std::unique_ptr<TrajectoryReducer> make_trajectory_reducer_cuda(StreamHandle stream) {
  return std::make_unique<TrajectoryReducerCuda>(stream);
}

}  // namespace rbmdyn::analysis
