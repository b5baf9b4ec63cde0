#include "host/reproduce/sensitivity_plan.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "host/core/error.hpp"

namespace rbmdyn {
namespace {

// Index of the entry with `key` in `list`, appending `make()` first when there is none.
template <typename T, typename Make>
std::size_t find_or_add(std::vector<T>& list, const std::string& key, Make make) {
  const auto it = std::find_if(list.begin(), list.end(), [&](const T& x) { return x.key == key; });
  if (it != list.end()) return static_cast<std::size_t>(it - list.begin());
  list.push_back(make());
  return list.size() - 1;
}

void check_seeds(const std::vector<uint64_t>& seeds, const std::string& option_name) {
  if (seeds.empty()) fail_input(quote_option(option_name) + ": at least one seed is needed");
  if (std::set<uint64_t>(seeds.begin(), seeds.end()).size() != seeds.size())
    fail_input(quote_option(option_name) + ": a seed is given twice");
}

}  // namespace

void SensitivityGrid::validate() const {
  check_seeds(rbm_seeds, "rbm_seeds");
  check_seeds(classifier_seeds, "classifier_seeds");
  if (variants.empty() || variants.front().name != "default")
    fail_input(quote_option("variants") + ": the grid must start with the default configuration");
}

std::size_t SensitivityPlan::view_count() const {
  std::size_t n = 0;
  for (const PlannedChainRun& r : chain_runs) n += r.views.size();
  return n;
}

SensitivityPlan plan_sensitivity(const SensitivityGrid& grid) {
  grid.validate();
  SensitivityPlan plan;
  for (const Variant& variant : grid.variants) {
    const StudyConfig config = apply_variant(grid.base, variant);
    const bool every = variant.all_classifier_seeds || grid.all_classifier_seeds;
    const std::vector<uint64_t> classifier_seeds =
        every ? grid.classifier_seeds : std::vector<uint64_t>{grid.classifier_seeds.front()};
    for (uint64_t rbm_seed : grid.rbm_seeds) {
      const std::size_t rbm = find_or_add(plan.rbms, rbm_key(config, rbm_seed),
                                          [&] { return PlannedTraining{rbm_key(config, rbm_seed), config, rbm_seed}; });
      const std::string run_key = chains_key(config, rbm_seed);
      const std::size_t run = find_or_add(plan.chain_runs, run_key, [&] {
        return PlannedChainRun{run_key, config, rbm_seed, rbm, {}};
      });
      for (uint64_t classifier_seed : classifier_seeds) {
        const std::string ckey = classifier_key(config, classifier_seed);
        const std::size_t classifier = find_or_add(
            plan.classifiers, ckey, [&] { return PlannedTraining{ckey, config, classifier_seed}; });
        const std::string vkey = view_key(config, classifier_seed);
        const std::size_t view = find_or_add(plan.chain_runs[run].views, vkey, [&] {
          return PlannedView{vkey, config, classifier_seed, classifier};
        });
        plan.cells.push_back(PlannedCell{variant.name, rbm_seed, classifier_seed, config, run, view});
      }
    }
  }
  return plan;
}

std::vector<uint64_t> parse_seed_list(const std::string& text, const std::string& option_name) {
  std::vector<uint64_t> seeds;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (item.empty() || item.find_first_not_of("0123456789") != std::string::npos || item.size() > 18)
      fail_input(quote_option(option_name) + " '" + text + "': expected comma-separated non-negative integers");
    seeds.push_back(std::stoull(item));
  }
  if (seeds.empty()) fail_input(quote_option(option_name) + " '" + text + "': no seed given");
  return seeds;
}

}  // namespace rbmdyn
