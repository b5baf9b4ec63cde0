#include "host/reproduce/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "host/core/descriptive.hpp"
#include "host/io/atomic_file.hpp"
#include "host/util/run_info.hpp"

namespace rbmdyn {
namespace {

const analysis::HeadlineNumber* find(const std::vector<analysis::HeadlineNumber>& rows, const std::string& id) {
  for (const auto& r : rows)
    if (r.id == id) return &r;
  return nullptr;
}

double ours(const std::vector<analysis::HeadlineNumber>& rows, const std::string& id) {
  const auto* r = find(rows, id);
  return r ? r->ours : std::nan("");
}

std::string fmt(double x, const analysis::HeadlineNumber& h) { return analysis::format_headline_value(x, h); }

std::string paper_value(const analysis::HeadlineNumber& h) {
  if (std::isnan(h.paper)) return h.paper_text.empty() ? "—" : h.paper_text;
  std::string s = fmt(h.paper, h);
  if (!std::isnan(h.paper_sem)) s += " ± " + fmt(h.paper_sem, h);
  return s;
}

}  // namespace

AcrossSeeds across_seeds(const std::vector<SeedOutcome>& seeds, const std::string& id) {
  std::vector<double> v;
  for (const SeedOutcome& s : seeds) {
    const double x = ours(s.numbers, id);
    if (!std::isnan(x)) v.push_back(x);
  }
  AcrossSeeds a;
  a.n = static_cast<int>(v.size());
  if (v.empty()) {
    a.mean = a.sd = a.min = a.max = std::nan("");
    return a;
  }
  a.mean = mean(v);
  a.sd = v.size() > 1 ? standard_deviation(v, 1) : 0.0;
  a.min = *std::min_element(v.begin(), v.end());
  a.max = *std::max_element(v.begin(), v.end());
  return a;
}

std::vector<std::pair<std::string, bool>> qualitative_checks(const std::vector<analysis::HeadlineNumber>& n) {
  const double lb = ours(n, "lb_visited_states"), in = ours(n, "int_visited_states"),
               db = ours(n, "2lb_visited_states");
  const double nd_lb = ours(n, "lb_nondigit_time_all_digits"), nd_in = ours(n, "int_nondigit_time"),
               nd_db = ours(n, "2lb_nondigit_time");
  const double p_in = ours(n, "int_mwu_visited_p");
  const double max_v = ours(n, "max_visited_states");
  std::vector<std::pair<std::string, bool>> checks = {
      {"visited states: intersection > double LB > label biasing", in > db && db > lb},
      {"intersection explores significantly more than label biasing (MWU p < 0.05)", p_in < 0.05},
      {"both chimera methods cut the non-digit time (below half of label biasing's)",
       nd_in < 0.5 * nd_lb && nd_db < 0.5 * nd_lb},
      {"label-biasing visited states within ±0.15 of the paper's 1.779", std::abs(lb - 1.779) <= 0.15},
      {"intersection visited states within ±0.15 of the paper's 2.951 (authors' rerun: 3.051)",
       std::abs(in - 2.951) <= 0.15 || std::abs(in - 3.051) <= 0.15},
      {"double-LB visited states within ±0.15 of the paper's 2.104 (authors' rerun: 2.24)",
       std::abs(db - 2.104) <= 0.15 || std::abs(db - 2.24) <= 0.15},
      {"no trajectory visits all 10 digits", max_v < 10},
  };
  return checks;
}

std::string report_markdown(const ReportInputs& in) {
  std::ostringstream md;
  const nlohmann::json env = run_environment();
  md << "# rbmdyn reproduction report\n\n"
     << "Reproduction of *Investigating the generative dynamics of energy-based neural networks* (Tausani, "
        "Testolin, Zorzi, 2023) following `method.md`. Engine "
     << env["engine_version"].get<std::string>() << " (" << env["engine_commit"].get<std::string>() << "), "
     << env["time_utc"].get<std::string>() << ", host " << env["host"].get<std::string>() << ".\n\n"
     << "Options: `" << in.options.dump() << "`\n\n"
     << "Classifier: `" << in.classifier.dump() << "`\n\n";
  char line[512];
  std::snprintf(line, sizeof line, "Total time %.1f s over %zu seed(s).\n\n", in.seconds, in.seeds.size());
  md << line;

  const std::vector<analysis::HeadlineNumber>& rows = in.seeds.front().numbers;
  md << "## Headline numbers across seeds\n\n"
     << "Ours: mean over seeds (± sample SD across seeds when there are several; the per-seed SEMs are in the "
        "tables below). Difference = ours − paper.\n\n"
     << "| number | paper | ours | difference | seeds | per seed |\n|---|---|---|---|---|---|\n";
  for (const auto& h : rows) {
    const AcrossSeeds a = across_seeds(in.seeds, h.id);
    std::string per_seed;
    for (const SeedOutcome& s : in.seeds) {
      if (!per_seed.empty()) per_seed += ", ";
      per_seed += fmt(ours(s.numbers, h.id), h);
    }
    std::string value = fmt(a.mean, h);
    if (a.n > 1) value += " ± " + fmt(a.sd, h);
    const std::string diff = fmt(a.mean - h.paper, h);
    md << "| " << h.name << (h.units.empty() ? "" : " (" + h.units + ")") << " | " << paper_value(h) << " | "
       << value << " | " << diff << " | " << a.n << " | " << per_seed << " |\n";
  }

  md << "\n## Qualitative findings of §9\n\n| finding |";
  for (const SeedOutcome& s : in.seeds) md << " seed " << s.seed << " |";
  md << "\n|---|";
  for (std::size_t i = 0; i < in.seeds.size(); ++i) md << "---|";
  md << "\n";
  const auto names = qualitative_checks(rows);
  for (std::size_t c = 0; c < names.size(); ++c) {
    md << "| " << names[c].first << " |";
    for (const SeedOutcome& s : in.seeds) md << (qualitative_checks(s.numbers)[c].second ? " yes |" : " **no** |");
    md << "\n";
  }

  md << "\n## Figures\n\n";
  if (!in.figures_error.empty()) md << "Figures were not drawn: " << in.figures_error << "\n";
  for (const std::string& f : in.figures) md << "- [" << f << "](" << f << ")\n";

  for (const SeedOutcome& s : in.seeds) {
    md << "\n## Seed " << s.seed << "\n\nSweep folder `" << s.sweep.string() << "`, k = " << s.k << ", RBM `"
       << s.rbm.dump() << "`.\n\n"
       << analysis::paper_numbers_markdown(s.numbers);
    if (!s.k149_numbers.empty()) {
      md << "\n### Control: chimeras with the paper's k = 149\n\n| number | paper | ours (k = 149) |\n|---|---|---|\n";
      for (const auto& h : s.k149_numbers)
        if (h.id.rfind("int_", 0) == 0 || h.id.rfind("2lb_", 0) == 0)
          md << "| " << h.name << " | " << paper_value(h) << " | " << fmt(h.ours, h) << " |\n";
    }
  }
  return md.str();
}

nlohmann::json report_json(const ReportInputs& in) {
  nlohmann::json seeds = nlohmann::json::array();
  for (const SeedOutcome& s : in.seeds) {
    nlohmann::json checks = nlohmann::json::object();
    for (const auto& [name, ok] : qualitative_checks(s.numbers)) checks[name] = ok;
    nlohmann::json j = {{"seed", s.seed},
                        {"k", s.k},
                        {"rbm", s.rbm},
                        {"sweep", s.sweep.string()},
                        {"seconds", s.seconds},
                        {"numbers", analysis::paper_numbers_json(s.numbers)},
                        {"qualitative", checks}};
    if (!s.k149_numbers.empty()) j["k149_control"] = analysis::paper_numbers_json(s.k149_numbers);
    seeds.push_back(std::move(j));
  }
  nlohmann::json across = nlohmann::json::object();
  for (const auto& h : in.seeds.front().numbers) {
    const AcrossSeeds a = across_seeds(in.seeds, h.id);
    auto num = [](double x) { return std::isnan(x) ? nlohmann::json(nullptr) : nlohmann::json(x); };
    across[h.id] = {{"paper", num(h.paper)}, {"mean", num(a.mean)}, {"sd", num(a.sd)}, {"min", num(a.min)},
                    {"max", num(a.max)}, {"n_seeds", a.n}};
  }
  return {{"options", in.options}, {"classifier", in.classifier}, {"seeds", seeds}, {"across_seeds", across},
          {"figures", in.figures},   {"figures_error", in.figures_error}, {"seconds", in.seconds},
          {"environment", run_environment()}};
}

void write_report(const std::filesystem::path& dir, const ReportInputs& in) {
  write_text_atomically(dir / "report.md", report_markdown(in));
  write_text_atomically(dir / "report.json", report_json(in).dump(2) + "\n");
}

}  // namespace rbmdyn
