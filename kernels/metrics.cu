#include "host/core/cuda_check.hpp"
#include "host/ops/reduction_math.hpp"
#include "kernels/launch.cuh"
#include "kernels/metrics.cuh"

namespace rbmdyn::kernels {
namespace {

using analysis::ChainScan;

__global__ void chain_metrics_kernel(const uint8_t* __restrict__ pred, int64_t n_chains, int64_t n_steps,
                                     const int32_t* __restrict__ group, int32_t* __restrict__ visited,
                                     int32_t* __restrict__ runs, int32_t* __restrict__ changes,
                                     int32_t* __restrict__ state_time, int32_t* __restrict__ transitions,
                                     int32_t* __restrict__ invalid_count) {
  const int64_t n = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
  if (n >= n_chains) return;
  const uint8_t* row = pred + n * n_steps;
  int32_t* counts = transitions + static_cast<int64_t>(group[n]) * kNumTransitions;
  int32_t st[kNumStates] = {};
  ChainScan scan;
  int32_t invalid = 0;
  // Stretches of one repeated transition (mostly s → s) are flushed with a single atomic.
  int pending = -1;
  int32_t pending_count = 0;
  uint32_t previous = kNumStates;  // kNumStates = "no valid previous step"
  for (int64_t t = 0; t < n_steps; ++t) {
    const uint32_t s = row[t];
    if (!analysis::is_valid_state(s)) {
      ++invalid;
      previous = kNumStates;
      continue;
    }
    scan.step(s);
    ++st[s];
    if (previous < static_cast<uint32_t>(kNumStates)) {
      const int index = analysis::transition_index(previous, s);
      if (index != pending) {
        if (pending_count > 0) atomicAdd(counts + pending, pending_count);
        pending = index;
        pending_count = 0;
      }
      ++pending_count;
    }
    previous = s;
  }
  if (pending_count > 0) atomicAdd(counts + pending, pending_count);
  if (invalid > 0) atomicAdd(invalid_count, invalid);
  visited[n] = scan.visited();
  runs[n] = scan.runs;
  changes[n] = analysis::changes_from_runs(scan.runs);
  for (int s = 0; s < kNumStates; ++s) state_time[n * kNumStates + s] = st[s];
}

// blockIdx.y = digit d; threads over steps.
__global__ void correct_counts_kernel(const uint8_t* __restrict__ pred, int64_t n_steps,
                                      const int32_t* __restrict__ members, const int32_t* __restrict__ offsets,
                                      int32_t* __restrict__ correct) {
  const int64_t t = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
  const uint32_t d = blockIdx.y;
  if (t >= n_steps) return;
  correct[d * n_steps + t] = analysis::count_correct(pred, n_steps, t, d, members, offsets[d], offsets[d + 1]);
}

// blockIdx.y = group g; threads over steps.
__global__ void step_moments_kernel(const float* __restrict__ values, int64_t n_steps,
                                    const int32_t* __restrict__ members, const int32_t* __restrict__ offsets,
                                    double* __restrict__ mean, double* __restrict__ m2) {
  const int64_t t = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x;
  const int64_t g = blockIdx.y;
  if (t >= n_steps) return;
  const analysis::StepMoment m = analysis::step_moment(values, n_steps, t, members, offsets[g], offsets[g + 1]);
  mean[g * n_steps + t] = m.mean;
  m2[g * n_steps + t] = m.m2;
}

}  // namespace

void launch_chain_metrics(const uint8_t* pred, int64_t n_chains, int64_t n_steps, const int32_t* group,
                          int32_t n_groups, int32_t* visited, int32_t* runs, int32_t* changes, int32_t* state_time,
                          int32_t* transitions, int32_t* invalid_count, cudaStream_t stream) {
  RBMDYN_CUDA_CHECK(cudaMemsetAsync(
      transitions, 0, sizeof(int32_t) * static_cast<std::size_t>(n_groups) * kNumTransitions, stream));
  RBMDYN_CUDA_CHECK(cudaMemsetAsync(invalid_count, 0, sizeof(int32_t), stream));
  if (n_chains == 0) return;
  constexpr int threads = 128;
  chain_metrics_kernel<<<static_cast<unsigned>(blocks_for(n_chains, threads, INT32_MAX)), threads, 0, stream>>>(
      pred, n_chains, n_steps, group, visited, runs, changes, state_time, transitions, invalid_count);
  RBMDYN_CHECK_LAUNCH();
}

void launch_correct_counts(const uint8_t* pred, int64_t n_steps, const int32_t* members, const int32_t* offsets,
                           int32_t* correct, cudaStream_t stream) {
  if (n_steps == 0) return;
  constexpr int threads = 128;
  const dim3 grid(static_cast<unsigned>(blocks_for(n_steps, threads, INT32_MAX)), kNumDigits);
  correct_counts_kernel<<<grid, threads, 0, stream>>>(pred, n_steps, members, offsets, correct);
  RBMDYN_CHECK_LAUNCH();
}

void launch_step_moments(const float* values, int64_t n_steps, const int32_t* members, const int32_t* offsets,
                         int32_t n_groups, double* mean, double* m2, cudaStream_t stream) {
  if (n_steps == 0 || n_groups == 0) return;
  constexpr int threads = 128;
  const dim3 grid(static_cast<unsigned>(blocks_for(n_steps, threads, INT32_MAX)), static_cast<unsigned>(n_groups));
  step_moments_kernel<<<grid, threads, 0, stream>>>(values, n_steps, members, offsets, mean, m2);
  RBMDYN_CHECK_LAUNCH();
}

}  // namespace rbmdyn::kernels
