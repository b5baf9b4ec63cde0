#pragma once
// One pass over classified trajectories: the integer metrics per chain (method.md §7.1), the 11×11
// transition counts per group (§7.3), correct counts per label and step (§7.4), and per-step moments of
// a float quantity per group (entropy §7.6, % active §7.5). Two implementations of one interface,
// TrajectoryReducer: the CPU reducer (trajectory_reduction_cpu.cpp, the twin of kernels/metrics.cuh)
// and the CUDA reducer (trajectory_reduction_cuda.cpp), which reduces device-resident arrays and
// downloads only the results; they are equal exactly (integers, and doubles summed in the same order).
//
// Layout: pred [n_chains, n_steps] uint8, values 0..10 (10 = non-digit), row-major; steps 0-based
// (paper step t+1). In a sweep, chain = vector × chains_per_vector + replica and group = vector.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "host/analysis/conventions.hpp"

#include "host/runtime/device.hpp"
#include "host/runtime/stream.hpp"

namespace rbmdyn::analysis {

// Which group (biasing vector) and, for label biasing only, which label each chain has.
struct ChainGrouping {
  std::vector<int32_t> group;  // [n_chains], values 0..n_groups−1
  int32_t n_groups = 0;
  std::vector<int32_t> label;  // [n_chains] digits 0..9, or empty: no labels, no accuracy (chimeras, §10 #31)

  int64_t n_chains() const { return static_cast<int64_t>(group.size()); }
  bool has_labels() const { return !label.empty(); }
  // Chains per group [n_groups].
  std::vector<int64_t> group_sizes() const;
  // Throws InputError, naming `source`, unless group ids lie in 0..n_groups−1, every group has a chain,
  // and the labels (when given) are n_chains digits 0..9.
  void validate(const std::string& source) const;
};

// The sweep layout: n_groups × chains_per_group chains, chain c in group c / chains_per_group, no labels.
ChainGrouping contiguous_grouping(int32_t n_groups, int64_t chains_per_group);
// The same with label = group (label biasing: vector v is digit v; n_groups must be ≤ 10).
ChainGrouping label_biasing_grouping(int32_t n_digits, int64_t chains_per_digit);

// Throws InputError naming `source`, the first offending position (chain, step) and value, unless every
// entry of pred [n_chains, n_steps] is 0..10.
void validate_predictions(const uint8_t* pred, int64_t n_chains, int64_t n_steps, const std::string& source);

struct TrajectoryReduction {
  int64_t n_chains = 0;
  int64_t n_steps = 0;
  int32_t n_groups = 0;
  std::vector<int32_t> visited;      // [n_chains] V_n, distinct digits visited
  std::vector<int32_t> runs;         // [n_chains] R_n, the paper's "transitions"
  std::vector<int32_t> changes;      // [n_chains] max(R_n − 1, 0)
  std::vector<int32_t> state_time;   // [n_chains, 11] ST_n[s], rows sum to n_steps
  std::vector<int32_t> transitions;  // [n_groups, 11, 11] counts M[i, j] of the group's chains
  std::vector<int32_t> correct;      // [10, n_steps] #{chains with label d : pred[n,t] = d}; empty without labels
  std::vector<int32_t> chain_group;  // [n_chains] the grouping's group ids (to split per-chain arrays)
  std::vector<int64_t> group_sizes;  // [n_groups] chains per group
  std::vector<int64_t> label_sizes;  // [10] chains per label; empty without labels

  bool has_labels() const { return !correct.empty() || !label_sizes.empty(); }
  int32_t state_time_at(int64_t chain, int state) const { return state_time[chain * kNumStates + state]; }
};

// Per-step moments of a float array values [n_chains, n_steps] within each group, chains added in
// ascending order (so CPU and CUDA agree bit for bit). SEM = sqrt(m2 / (n − ddof)) / √n.
struct StepMoments {
  int64_t n_steps = 0;
  int32_t n_groups = 0;
  std::vector<int64_t> count;  // [n_groups]
  std::vector<double> mean;    // [n_groups, n_steps]
  std::vector<double> m2;      // [n_groups, n_steps] Σ (x − mean)²
  double sem(int32_t g, int64_t t, int ddof) const;
  std::vector<double> sem_row(int32_t g, int ddof) const;  // [n_steps]
  std::vector<double> mean_row(int32_t g) const;           // [n_steps]
};

// members/offsets (CSR) of a grouping: members[offsets[g] .. offsets[g+1]) = chains of group g, ascending.
struct GroupMembers {
  std::vector<int32_t> members;  // [n_chains]
  std::vector<int32_t> offsets;  // [n_groups + 1]
};
GroupMembers group_members(const std::vector<int32_t>& group, int32_t n_groups);

// The reductions, in the reducer's memory space: host arrays for the CPU reducer; device arrays for the
// CUDA one, whose work is enqueued on its stream and synchronised before each call returns (the
// grouping stays on the host and is uploaded). One set of a mixed batch (e.g. the 45 intersection
// vectors of an LB + chimera sweep) is reduced on its own by passing pred + first_chain × n_steps and
// that set's grouping.
class TrajectoryReducer {
 public:
  virtual ~TrajectoryReducer() = default;
  virtual Backend backend() const = 0;
  // pred [n_chains, n_steps]; `grouping` must have been validated for n_chains (Error otherwise). Values
  // outside 0..10: InputError naming `source` on the CPU (pred is validated first), Error on CUDA.
  virtual TrajectoryReduction reduce(const uint8_t* pred, int64_t n_chains, int64_t n_steps,
                                     const ChainGrouping& grouping, const std::string& source = "pred") = 0;
  // values [n_chains, n_steps]; `group` [n_chains] with ids in 0..n_groups−1 (all zeros and n_groups = 1
  // for all chains together).
  virtual StepMoments step_moments(const float* values, int64_t n_chains, int64_t n_steps,
                                   const std::vector<int32_t>& group, int32_t n_groups) = 0;
};

// `stream` is the CUDA reducer's (nullptr: the legacy default stream); the CPU reducer has none.
std::unique_ptr<TrajectoryReducer> make_trajectory_reducer(Backend backend, StreamHandle stream = nullptr);
std::unique_ptr<TrajectoryReducer> make_trajectory_reducer_cpu();
#ifdef RBMDYN_HAVE_CUDA
std::unique_ptr<TrajectoryReducer> make_trajectory_reducer_cuda(StreamHandle stream);
#endif

}  // namespace rbmdyn::analysis
