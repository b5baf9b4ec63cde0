#pragma once
// Device reduction of classified trajectories to the integer metrics of method.md §7.1, §7.3, §7.4 and
// to per-step moments of a float quantity (entropy §7.6, % active §7.5), so that a sweep downloads
// kilobytes of metrics instead of the trajectory set. CPU twin: host/analysis/trajectory_reduction.cpp
// (same per-element scan, host/ops/reduction_math.hpp). Integer results are equal exactly; the
// moments are summed in double in the same (chain) order on both sides, so they are equal bit for bit.
//
// Shapes: pred [n_chains, n_steps] uint8, values 0..10 (10 = non-digit), row-major.
//
// Napkin cost (study size 4500 chains × 100 steps): pred is 450 KB, read once by launch_chain_metrics
// and once per label by launch_correct_counts; the moments read a 1.8 MB float array twice. All of it is
// far below a millisecond of bandwidth on any GPU: these launches are latency-bound, and that is fine
// because they run once per sweep.
#include <cuda_runtime.h>

#include <cstdint>

namespace rbmdyn::kernels {

// One thread per chain scans its row in step order (ChainScan) and writes visited[n], runs[n],
// changes[n] (each [n_chains]) and state_time[n, 0..10] ([n_chains, 11]). Transitions pred[n,t−1] →
// pred[n,t] are added to transitions[group[n], 11, 11] (int32, zeroed here first) with atomics, one
// atomic per stretch of identical consecutive transitions. Values > 10 are not counted anywhere; their
// number goes to *invalid_count (zeroed here first) so that the caller can reject the input.
void launch_chain_metrics(const uint8_t* pred, int64_t n_chains, int64_t n_steps, const int32_t* group,
                          int32_t n_groups, int32_t* visited, int32_t* runs, int32_t* changes, int32_t* state_time,
                          int32_t* transitions, int32_t* invalid_count, cudaStream_t stream);

// correct[d, t] = #{n : label[n] = d and pred[n, t] = d} for d = 0..9, t < n_steps ([10, n_steps]).
// The chains of label d are members[offsets[d] .. offsets[d+1]) (ascending chain ids). One thread per
// (d, t); no atomics.
void launch_correct_counts(const uint8_t* pred, int64_t n_steps, const int32_t* members, const int32_t* offsets,
                           int32_t* correct, cudaStream_t stream);

// Per (group g, step t), over the chains members[offsets[g] .. offsets[g+1]) in that order:
// mean[g, t] = Σ x / n and m2[g, t] = Σ (x − mean)² (two passes, double), x = values[n, t]
// ([n_chains, n_steps] float). Both outputs [n_groups, n_steps]; an empty group gives NaN and 0.
void launch_step_moments(const float* values, int64_t n_steps, const int32_t* members, const int32_t* offsets,
                         int32_t n_groups, double* mean, double* m2, cudaStream_t stream);

}  // namespace rbmdyn::kernels
