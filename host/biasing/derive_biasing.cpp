#include "host/biasing/derive_biasing.hpp"

#include <algorithm>

#include "host/core/descriptive.hpp"
#include "host/core/study.hpp"

namespace rbmdyn {

DerivedBiasing derive_biasing(const Rbm& rbm, const float* images, const uint8_t* labels, int64_t n, uint64_t seed,
                              Backend backend, ReadoutMode mode, std::optional<int> k) {
  const LabelBiasing lb = compute_label_biasing(rbm, images, labels, n, seed, backend, mode);
  const int k_rule = k_from_lb(lb.lb, lb.n_hidden);
  DerivedBiasing out;
  out.set = make_biasing_vectors(lb.lb, lb.n_hidden, k ? *k : k_rule);

  const std::vector<double> act = step1_activity(lb.lb, lb.n_hidden);
  const MeanSem act_summary = mean_sem(act, kSemDdofPaperSummary);
  nlohmann::json overlap = nlohmann::json::object();
  for (std::size_t p = 0; p < out.set.pairs.size(); ++p)
    overlap[std::to_string(out.set.pairs[p][0]) + "-" + std::to_string(out.set.pairs[p][1])] = out.set.overlap[p];
  const auto [min_overlap, max_overlap] = std::minmax_element(out.set.overlap.begin(), out.set.overlap.end());
  out.summary = {{"k_rule", k_rule},
                 {"k_override", k.has_value()},
                 {"step1_active_percent", act},
                 {"step1_active_percent_mean", act_summary.mean},
                 {"step1_active_percent_sem", act_summary.sem},
                 {"step1_active_percent_sem_ddof", act_summary.ddof},
                 {"overlap", overlap},
                 {"overlap_min", *min_overlap},
                 {"overlap_max", *max_overlap},
                 {"class_counts", lb.class_counts},
                 {"readout", readout_mode_name(mode)},
                 {"readout_seed", seed},
                 {"readout_images", n},
                 {"vector_order", "lb 0-9, intersection 10-54, double 55-99; pairs a<b lexicographic"}};
  return out;
}

}  // namespace rbmdyn
