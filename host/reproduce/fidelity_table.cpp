// The fidelity table: per-cell rows, per-variant summaries, CSV and JSON (fidelity.hpp).
#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "host/io/atomic_file.hpp"
#include "host/reproduce/fidelity.hpp"
#include "host/reproduce/report.hpp"
#include "host/util/run_info.hpp"

namespace rbmdyn {
namespace {

constexpr double kNaN = analysis::HeadlineNumber::kNaN;

const analysis::HeadlineNumber* find_row(const std::vector<analysis::HeadlineNumber>& rows, const std::string& id) {
  for (const auto& r : rows)
    if (r.id == id) return &r;
  return nullptr;
}

// The value on the number's summary scale: log10 for p-values (NaN unless positive), else as is.
double scaled(const analysis::HeadlineNumber& h) {
  if (!h.scientific) return h.ours;
  return h.ours > 0 ? std::log10(h.ours) : kNaN;
}

struct Moments {
  int n = 0;
  double mean = kNaN, sd = kNaN;
};
Moments moments(const std::vector<double>& v) {
  Moments m;
  m.n = static_cast<int>(v.size());
  if (v.empty()) return m;
  double sum = 0;
  for (double x : v) sum += x;
  m.mean = sum / m.n;
  if (m.n < 2) return m;
  double ss = 0;
  for (double x : v) ss += (x - m.mean) * (x - m.mean);
  m.sd = std::sqrt(ss / (m.n - 1));
  return m;
}

// The cells of `variant` with a finite value of `id`: (rbm seed, classifier seed) → scaled value.
std::map<std::pair<uint64_t, uint64_t>, double> cell_values(const FidelityInputs& in, const std::string& variant,
                                                             const std::string& id) {
  std::map<std::pair<uint64_t, uint64_t>, double> out;
  for (const FidelityCell& c : in.cells) {
    if (c.variant != variant) continue;
    const analysis::HeadlineNumber* h = find_row(c.numbers, id);
    if (h == nullptr) continue;
    const double x = scaled(*h);
    if (std::isfinite(x)) out[{c.rbm_seed, c.classifier_seed}] = x;
  }
  return out;
}

// SD of the per-RBM-seed means, and the mean over RBM seeds of the SD across classifier seeds.
std::pair<double, double> seed_spreads(const std::map<std::pair<uint64_t, uint64_t>, double>& values) {
  std::map<uint64_t, std::vector<double>> by_rbm;
  for (const auto& [seeds, x] : values) by_rbm[seeds.first].push_back(x);
  std::vector<double> rbm_means, classifier_sds;
  for (const auto& [seed, xs] : by_rbm) {
    const Moments m = moments(xs);
    rbm_means.push_back(m.mean);
    if (m.n >= 2) classifier_sds.push_back(m.sd);
  }
  return {moments(rbm_means).sd, classifier_sds.empty() ? kNaN : moments(classifier_sds).mean};
}

MetricSummary summarize(const FidelityInputs& in, const std::string& variant, const analysis::HeadlineNumber& row) {
  const auto values = cell_values(in, variant, row.id);
  const auto reference = cell_values(in, in.variants.front().name, row.id);
  std::vector<double> v, diffs;
  for (const auto& [seeds, x] : values) {
    v.push_back(x);
    if (const auto it = reference.find(seeds); it != reference.end()) diffs.push_back(x - it->second);
  }
  MetricSummary s;
  s.variant = variant;
  s.id = row.id;
  s.log10 = row.scientific;
  const Moments m = moments(v);
  s.n = m.n;
  s.mean = m.mean;
  s.sd = m.sd;
  s.sem = m.n >= 2 ? m.sd / std::sqrt(static_cast<double>(m.n)) : kNaN;
  s.min = v.empty() ? kNaN : *std::min_element(v.begin(), v.end());
  s.max = v.empty() ? kNaN : *std::max_element(v.begin(), v.end());
  std::tie(s.rbm_sd, s.classifier_sd) = seed_spreads(values);
  const Moments d = moments(diffs);
  s.n_paired = d.n;
  s.diff = d.mean;
  s.diff_sem = d.n >= 2 ? d.sd / std::sqrt(static_cast<double>(d.n)) : kNaN;
  return s;
}

nlohmann::json num(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csv_num(double x) {
  if (!std::isfinite(x)) return "";
  std::ostringstream s;
  s.precision(10);
  s << x;
  return s.str();
}

const std::string& level_of(const FidelityInputs& in, const std::string& variant) {
  static const std::string unknown = "?";
  for (const FidelityVariant& v : in.variants)
    if (v.name == variant) return v.level;
  return unknown;
}

}  // namespace

std::vector<analysis::HeadlineNumber> classifier_headline_numbers(const std::map<std::string, std::string>& meta) {
  auto value = [&](const char* key) {
    const auto it = meta.find(key);
    if (it == meta.end()) return kNaN;
    const double x = std::stod(it->second);
    return x >= 0 ? 100.0 * x : kNaN;  // −1 = not evaluated
  };
  auto make = [](std::string id, std::string name, double paper, double ours, std::string notes) {
    analysis::HeadlineNumber h;
    h.id = std::move(id);
    h.name = std::move(name);
    h.paper = paper;
    h.ours = ours;
    h.units = "%";
    h.decimals = 2;
    h.notes = std::move(notes);
    return h;
  };
  return {make("classifier_val_accuracy", "Classifier best validation accuracy", 99.3, value("best_val_accuracy"),
               "mean of per-batch accuracies on the held-out digits (§6.3); paper 99.3 %"),
          make("classifier_test_accuracy", "Classifier MNIST test accuracy", 99.2, value("test_accuracy"),
               "best-validation model on the 10000 test digits, PIL-bilinear resized; authors' log 99.2 % (§6.3)"),
          make("classifier_nondigit_accuracy", "Classifier accuracy on held-out synthetic non-digits", kNaN,
               value("nondigit_accuracy"), "1100 non-digits of another seed, on the training scale")};
}

std::vector<MetricSummary> summarize_cells(const FidelityInputs& in) {
  std::vector<MetricSummary> out;
  if (in.cells.empty() || in.variants.empty()) return out;
  const std::vector<analysis::HeadlineNumber>& rows = in.cells.front().numbers;
  for (const FidelityVariant& v : in.variants)
    for (const analysis::HeadlineNumber& row : rows) out.push_back(summarize(in, v.name, row));
  return out;
}

std::vector<std::pair<std::string, std::vector<std::pair<int, int>>>> qualitative_counts(const FidelityInputs& in) {
  std::vector<std::pair<std::string, std::vector<std::pair<int, int>>>> out;
  if (in.cells.empty()) return out;
  for (const auto& [finding, holds] : qualitative_checks(in.cells.front().numbers))
    out.push_back({finding, std::vector<std::pair<int, int>>(in.variants.size(), {0, 0})});
  for (const FidelityCell& c : in.cells) {
    const auto v = std::find_if(in.variants.begin(), in.variants.end(),
                                [&](const FidelityVariant& x) { return x.name == c.variant; });
    if (v == in.variants.end()) continue;
    const auto checks = qualitative_checks(c.numbers);
    for (std::size_t k = 0; k < checks.size() && k < out.size(); ++k) {
      auto& count = out[k].second[static_cast<std::size_t>(v - in.variants.begin())];
      count.first += checks[k].second ? 1 : 0;
      count.second += 1;
    }
  }
  return out;
}

std::string sensitivity_csv(const FidelityInputs& in) {
  std::ostringstream csv;
  csv << "variant,level,rbm_seed,classifier_seed,id,name,value,sem,paper,units,folder\n";
  for (const FidelityCell& c : in.cells)
    for (const analysis::HeadlineNumber& h : c.numbers)
      csv << csv_field(c.variant) << ',' << level_of(in, c.variant) << ',' << c.rbm_seed << ',' << c.classifier_seed
          << ',' << h.id << ',' << csv_field(h.name) << ',' << csv_num(h.ours) << ',' << csv_num(h.ours_sem) << ','
          << csv_num(h.paper) << ',' << csv_field(h.units) << ',' << csv_field(c.folder) << '\n';
  return csv.str();
}

std::string summary_csv(const FidelityInputs& in, const std::vector<MetricSummary>& summaries) {
  std::ostringstream csv;
  csv << "variant,level,id,scale,n,mean,sd,sem,min,max,rbm_seed_sd,classifier_seed_sd,paper,diff_to_default,"
         "diff_sem,n_paired\n";
  if (in.cells.empty()) return csv.str();
  const auto& rows = in.cells.front().numbers;
  for (const MetricSummary& s : summaries) {
    const analysis::HeadlineNumber* h = find_row(rows, s.id);
    const double paper = h == nullptr ? kNaN : (s.log10 && h->paper > 0 ? std::log10(h->paper) : h->paper);
    csv << csv_field(s.variant) << ',' << level_of(in, s.variant) << ',' << s.id << ','
        << (s.log10 ? "log10" : "linear") << ',' << s.n << ',' << csv_num(s.mean) << ',' << csv_num(s.sd) << ','
        << csv_num(s.sem) << ',' << csv_num(s.min) << ',' << csv_num(s.max) << ',' << csv_num(s.rbm_sd) << ','
        << csv_num(s.classifier_sd) << ',' << csv_num(paper) << ',' << csv_num(s.diff) << ','
        << csv_num(s.diff_sem) << ',' << s.n_paired << '\n';
  }
  return csv.str();
}

nlohmann::json sensitivity_json(const FidelityInputs& in, const std::vector<MetricSummary>& summaries) {
  nlohmann::json variants = nlohmann::json::array(), cells = nlohmann::json::array(),
                 summary = nlohmann::json::array(), rows = nlohmann::json::array(),
                 gaps = nlohmann::json::object(), qualitative = nlohmann::json::array();
  for (const FidelityVariant& v : in.variants)
    variants.push_back({{"name", v.name}, {"level", v.level}, {"change", v.change}, {"reference", v.reference},
                        {"config", v.config}});
  for (const FidelityCell& c : in.cells)
    cells.push_back({{"variant", c.variant}, {"rbm_seed", c.rbm_seed}, {"classifier_seed", c.classifier_seed},
                     {"folder", c.folder}, {"numbers", analysis::paper_numbers_json(c.numbers)}});
  for (const MetricSummary& s : summaries)
    summary.push_back({{"variant", s.variant}, {"id", s.id}, {"scale", s.log10 ? "log10" : "linear"}, {"n", s.n},
                       {"mean", num(s.mean)}, {"sd", num(s.sd)}, {"sem", num(s.sem)}, {"min", num(s.min)},
                       {"max", num(s.max)}, {"rbm_seed_sd", num(s.rbm_sd)},
                       {"classifier_seed_sd", num(s.classifier_sd)},
                       {"diff_to_default", num(s.diff)}, {"diff_sem", num(s.diff_sem)}, {"n_paired", s.n_paired}});
  if (!in.cells.empty())
    for (const analysis::HeadlineNumber& h : in.cells.front().numbers) {
      rows.push_back({{"id", h.id}, {"name", h.name}, {"paper", num(h.paper)}, {"paper_text", h.paper_text},
                      {"units", h.units}, {"scale", h.scientific ? "log10" : "linear"}, {"decimals", h.decimals}});
      const GapAnalysis g = analyze_gap(summaries, h, in.variants);
      gaps[h.id] = {{"verdict", static_cast<int>(g.verdict)}, {"gap", num(g.gap)}, {"tolerance", num(g.tolerance)},
                    {"closers", g.closers}, {"movers", g.movers}, {"text", g.text}};
    }
  for (const auto& [finding, counts] : qualitative_counts(in)) {
    nlohmann::json per = nlohmann::json::object();
    for (std::size_t v = 0; v < counts.size(); ++v)
      per[in.variants[v].name] = {{"holds", counts[v].first}, {"cells", counts[v].second}};
    qualitative.push_back({{"finding", finding}, {"per_variant", per}});
  }
  return {{"command", in.command}, {"options", in.options},   {"variants", variants},
          {"rows", rows},          {"cells", cells},          {"summary", summary},
          {"gaps", gaps},          {"qualitative", qualitative}, {"timings", in.timings},
          {"figure", in.figure},   {"environment", run_environment()}};
}

void write_fidelity(const std::filesystem::path& dir, const FidelityInputs& in) {
  const std::vector<MetricSummary> summaries = summarize_cells(in);
  write_text_atomically(dir / "sensitivity.csv", sensitivity_csv(in));
  write_text_atomically(dir / "sensitivity_summary.csv", summary_csv(in, summaries));
  write_text_atomically(dir / "sensitivity.json", sensitivity_json(in, summaries).dump(2) + "\n");
  write_text_atomically(dir / "fidelity.md", fidelity_markdown(in, summaries));
}

}  // namespace rbmdyn
