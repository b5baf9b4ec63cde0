// step_statistics on device-resident values (kernels/metrics.cuh via reduce_step_moments_cuda).
#include "host/analysis/trajectory_analysis.hpp"

namespace rbmdyn::analysis {

StepStatistics step_statistics_cuda(const float* device_values, int64_t n_chains, int64_t n_steps,
                                    const ChainGrouping& grouping, int ddof, cudaStream_t stream) {
  StepStatistics s;
  s.ddof = ddof;
  s.overall = reduce_step_moments_cuda(device_values, n_chains, n_steps, std::vector<int32_t>(n_chains, 0), 1, stream);
  s.per_group = reduce_step_moments_cuda(device_values, n_chains, n_steps, grouping.group, grouping.n_groups, stream);
  return s;
}

}  // namespace rbmdyn::analysis
