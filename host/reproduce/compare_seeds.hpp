#pragma once
// The across-seed table of `compare --seeds N` (compare_models.hpp): for each model and method the mean
// visited states of every seed (rounded as dbn.md §7.2 says, as the per-seed tables), their mean ± SD
// (ddof 1) over seeds, and for the deep models in how many seeds they visit more states than the RBM
// (the follow-up's finding, dbn.md §8, checked per seed) with each seed's two-sided Mann–Whitney p.
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "host/reproduce/compare_models.hpp"

namespace rbmdyn {

// rows: every seed's rows (CompareRow::seed set). JSON: {"seeds": [...], "rows": [{model, method, paper,
// per_seed: [{seed, ours, ours_unrounded, p_vs_rbm, more_states_than_rbm}], mean, sd,
// seeds_more_than_rbm (null for the RBM), finding_in_every_seed (null for the RBM)}]}.
nlohmann::json across_seeds_json(const std::vector<CompareRow>& rows);
std::string across_seeds_markdown(const nlohmann::json& summary);

}  // namespace rbmdyn
