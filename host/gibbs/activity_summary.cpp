#include "host/gibbs/activity_summary.hpp"

#include "host/core/study.hpp"
#include "host/core/error.hpp"

namespace rbmdyn {

ActivityAtStep summarize_activity(const float* activity, int64_t vectors, int64_t chains, int steps, int step) {
  RBMDYN_CHECK(vectors > 0 && chains > 0 && step >= 0 && step < steps, "activity summary out of range");
  ActivityAtStep out;
  out.step = step;
  for (int64_t v = 0; v < vectors; ++v) {
    double sum = 0.0;
    for (int64_t c = 0; c < chains; ++c) sum += activity[(v * chains + c) * steps + step];
    out.per_vector.push_back(sum / static_cast<double>(chains));
  }
  out.across = mean_sem(out.per_vector, kSemDdofPaperSummary);
  return out;
}

}  // namespace rbmdyn
