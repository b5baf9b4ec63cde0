#pragma once
// The % active hidden units summary of method.md §7.5: per biasing vector, the mean over its chains at
// one step; across vectors, mean ± SEM with the paper-summary ddof (0, §7.7), e.g. the paper's
// 14.964 ± 0.079 % at step 1 and 21.892 ± 0.054 % at step 100 over the 10 LB digits.
#include <cstdint>
#include <vector>

#include "host/core/descriptive.hpp"

namespace rbmdyn {

struct ActivityAtStep {
  int step = 0;                     // 0-based
  std::vector<double> per_vector;   // [vectors] mean over chains, in double
  MeanSem across;                   // over per_vector, ddof 0
};

// activity: [vectors, chains, steps] (a GibbsResult's activity for a vector-major batch).
ActivityAtStep summarize_activity(const float* activity, int64_t vectors, int64_t chains, int steps, int step);

}  // namespace rbmdyn
