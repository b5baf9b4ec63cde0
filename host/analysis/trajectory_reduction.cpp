// What both trajectory reducers share: groupings, prediction checks, member lists, step moments
// arithmetic, and the backend dispatch.
#include "host/analysis/trajectory_reduction.hpp"

#include <cmath>
#include <limits>

#include "host/analysis/conventions.hpp"
#include "host/core/error.hpp"

namespace rbmdyn::analysis {

std::vector<int64_t> ChainGrouping::group_sizes() const {
  std::vector<int64_t> sizes(static_cast<std::size_t>(n_groups > 0 ? n_groups : 0), 0);
  for (int32_t g : group)
    if (g >= 0 && g < n_groups) ++sizes[g];
  return sizes;
}

void ChainGrouping::validate(const std::string& source) const {
  if (n_groups <= 0) fail_input(source + ": there must be at least one group");
  if (group.empty()) fail_input(source + ": no chains");
  if (group.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max()))
    fail_input(source + ": more than 2^31 chains");
  for (std::size_t n = 0; n < group.size(); ++n)
    if (group[n] < 0 || group[n] >= n_groups)
      fail_input(source + ": chain " + std::to_string(n) + " has group " + std::to_string(group[n]) + ", outside 0.." +
                 std::to_string(n_groups - 1));
  const std::vector<int64_t> sizes = group_sizes();
  for (int32_t g = 0; g < n_groups; ++g)
    if (sizes[g] == 0) fail_input(source + ": group " + std::to_string(g) + " has no chain");
  if (!label.empty()) {
    if (label.size() != group.size())
      fail_input(source + ": " + std::to_string(label.size()) + " labels for " + std::to_string(group.size()) +
                 " chains");
    for (std::size_t n = 0; n < label.size(); ++n)
      if (label[n] < 0 || label[n] >= kNumDigits)
        fail_input(source + ": chain " + std::to_string(n) + " has label " + std::to_string(label[n]) +
                   ", outside 0..9 (labels are digits; the non-digit class has no label)");
  }
}

ChainGrouping contiguous_grouping(int32_t n_groups, int64_t chains_per_group) {
  if (n_groups <= 0 || chains_per_group <= 0) fail_input("chains per group and groups must be positive");
  ChainGrouping g;
  g.n_groups = n_groups;
  g.group.resize(static_cast<std::size_t>(n_groups * chains_per_group));
  for (std::size_t c = 0; c < g.group.size(); ++c) g.group[c] = static_cast<int32_t>(c / chains_per_group);
  return g;
}

ChainGrouping label_biasing_grouping(int32_t n_digits, int64_t chains_per_digit) {
  if (n_digits > kNumDigits) fail_input("label biasing has at most 10 digits, got " + std::to_string(n_digits));
  ChainGrouping g = contiguous_grouping(n_digits, chains_per_digit);
  g.label = g.group;
  return g;
}

void validate_predictions(const uint8_t* pred, int64_t n_chains, int64_t n_steps, const std::string& source) {
  // Counts are int32 (a transition count is at most n_chains × (n_steps − 1)).
  if (n_chains < 0 || n_steps < 0 || n_chains * n_steps > std::numeric_limits<int32_t>::max())
    fail_input(source + ": " + std::to_string(n_chains) + " chains × " + std::to_string(n_steps) +
               " steps is outside 0..2^31 − 1 entries");
  for (int64_t i = 0; i < n_chains * n_steps; ++i)
    if (!is_valid_state(pred[i]))
      fail_input(source + ": value " + std::to_string(pred[i]) + " at chain " + std::to_string(i / n_steps) +
                 ", step " + std::to_string(i % n_steps) + " is not a class 0..10 (10 = non-digit)");
}

GroupMembers group_members(const std::vector<int32_t>& group, int32_t n_groups) {
  GroupMembers m;
  m.offsets.assign(static_cast<std::size_t>(n_groups) + 1, 0);
  for (int32_t g : group) {
    RBMDYN_CHECK(g >= 0 && g < n_groups, "group id out of range");
    ++m.offsets[g + 1];
  }
  for (int32_t g = 0; g < n_groups; ++g) m.offsets[g + 1] += m.offsets[g];
  m.members.resize(group.size());
  std::vector<int32_t> next(m.offsets.begin(), m.offsets.end() - 1);
  for (std::size_t n = 0; n < group.size(); ++n) m.members[next[group[n]]++] = static_cast<int32_t>(n);
  return m;
}

double StepMoments::sem(int32_t g, int64_t t, int ddof) const {
  const int64_t n = count[g];
  if (n <= ddof) return std::numeric_limits<double>::quiet_NaN();
  return std::sqrt(m2[g * n_steps + t] / static_cast<double>(n - ddof)) / std::sqrt(static_cast<double>(n));
}

std::vector<double> StepMoments::sem_row(int32_t g, int ddof) const {
  std::vector<double> row(static_cast<std::size_t>(n_steps));
  for (int64_t t = 0; t < n_steps; ++t) row[t] = sem(g, t, ddof);
  return row;
}

std::vector<double> StepMoments::mean_row(int32_t g) const {
  return std::vector<double>(mean.begin() + g * n_steps, mean.begin() + (g + 1) * n_steps);
}

std::unique_ptr<TrajectoryReducer> make_trajectory_reducer(Backend backend, StreamHandle stream) {
  if (backend == Backend::cpu) return make_trajectory_reducer_cpu();
  require_backend_available(backend);
#ifdef RBMDYN_HAVE_CUDA
  return make_trajectory_reducer_cuda(stream);
#else
  (void)stream;
  fail_no_cuda_build();
#endif
}

}  // namespace rbmdyn::analysis
