#include "host/reproduce/compare_seeds.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "host/core/descriptive.hpp"
#include "host/io/json_fields.hpp"

namespace rbmdyn {

namespace {

std::string fixed(double x, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, x);
  return text;
}

// A p-value as the per-seed tables would print it, small ones in scientific notation.
std::string p_text(double p) {
  if (p >= 1e-3) return fixed(p, 4);
  char text[32];
  std::snprintf(text, sizeof text, "%.1e", p);
  return text;
}

}  // namespace

nlohmann::json across_seeds_json(const std::vector<CompareRow>& rows) {
  // Groups in first-seen order (model, then method), seeds in row order.
  std::vector<std::pair<std::string, std::string>> order;
  std::map<std::pair<std::string, std::string>, std::vector<const CompareRow*>> groups;
  nlohmann::json seeds = nlohmann::json::array();
  for (const CompareRow& r : rows) {
    const auto key = std::make_pair(r.model, r.method);
    if (groups.count(key) == 0) order.push_back(key);
    groups[key].push_back(&r);
    if (seeds.empty() || seeds.back().get<uint64_t>() != r.seed) seeds.push_back(r.seed);
  }
  nlohmann::json out_rows = nlohmann::json::array();
  for (const auto& key : order) {
    const std::vector<const CompareRow*>& g = groups[key];
    std::vector<double> values;
    nlohmann::json per_seed = nlohmann::json::array();
    int more = 0;
    for (const CompareRow* r : g) {
      values.push_back(r->ours);
      more += r->more_than_rbm == 1 ? 1 : 0;
      per_seed.push_back({{"seed", r->seed},
                          {"ours", r->ours},
                          {"ours_unrounded", r->ours_full},
                          {"p_vs_rbm", json_number_or_null(r->p_vs_rbm)},
                          {"more_states_than_rbm", r->more_than_rbm < 0 ? nlohmann::json() : nlohmann::json(r->more_than_rbm == 1)}});
    }
    const bool is_rbm = g.front()->more_than_rbm < 0;
    out_rows.push_back({{"model", key.first},
                        {"method", key.second},
                        {"paper", json_number_or_null(g.front()->paper)},
                        {"per_seed", per_seed},
                        {"mean", mean(values)},
                        {"sd", json_number_or_null(standard_deviation(values, 1))},
                        {"seeds_more_than_rbm", is_rbm ? nlohmann::json() : nlohmann::json(more)},
                        {"finding_in_every_seed", is_rbm ? nlohmann::json() : nlohmann::json(more == static_cast<int>(g.size()))}});
  }
  return {{"seeds", seeds}, {"rows", out_rows}};
}

std::string across_seeds_markdown(const nlohmann::json& summary) {
  std::ostringstream md;
  const nlohmann::json& seeds = summary["seeds"];
  md << "# RBM vs deep models across seeds: mean visited states (dbn.md §8)\n\n"
        "Per seed: the mean over the per-vector means (LB rounded to 2 decimals, chimeras to 1), as in each "
        "seed-<s>/compare.md; across seeds: mean ± SD (ddof 1). The finding of the follow-up (the deep model "
        "visits more states than the RBM) is counted per seed; p = that seed's two-sided Mann–Whitney U "
        "against the RBM.\n\n| model | method | paper |";
  for (const auto& s : seeds) md << " seed " << s.get<uint64_t>() << " |";
  md << " mean ± SD | more states than the RBM in |\n|---|---|---|";
  for (std::size_t i = 0; i < seeds.size(); ++i) md << "---|";
  md << "---|---|\n";
  for (const auto& r : summary["rows"]) {
    md << "| " << r["model"].get<std::string>() << " | " << r["method"].get<std::string>() << " | "
       << (r["paper"].is_null() ? std::string("—") : fixed(r["paper"].get<double>(), 3)) << " |";
    for (const auto& s : r["per_seed"]) {
      md << " " << fixed(s["ours"].get<double>(), 3);
      if (!s["p_vs_rbm"].is_null()) md << " (p " << p_text(s["p_vs_rbm"].get<double>()) << ")";
      md << " |";
    }
    md << " " << fixed(r["mean"].get<double>(), 3) << " ± "
       << (r["sd"].is_null() ? std::string("—") : fixed(r["sd"].get<double>(), 3)) << " | "
       << (r["seeds_more_than_rbm"].is_null()
               ? std::string("—")
               : std::to_string(r["seeds_more_than_rbm"].get<int>()) + " of " + std::to_string(r["per_seed"].size()) + " seeds")
       << " |\n";
  }
  return md.str();
}

}  // namespace rbmdyn
