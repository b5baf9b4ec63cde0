// The §9 headline numbers as files: paper_numbers.json and the Markdown table paper_numbers.md.
#include <cmath>
#include <cstdio>

#include "host/analysis/paper_numbers.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/json_fields.hpp"

namespace rbmdyn::analysis {
namespace {

std::string format_p(double p) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3e", p);
  return buffer;
}

std::string escape_cell(std::string text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

}  // namespace

std::string format_headline_value(double x, const HeadlineNumber& h) {
  if (std::isnan(x)) return "—";
  char buffer[48];
  if (h.scientific)
    std::snprintf(buffer, sizeof buffer, "%.3e", x);
  else
    std::snprintf(buffer, sizeof buffer, "%.*f", h.decimals, x);
  return buffer;
}

nlohmann::json paper_numbers_json(const std::vector<HeadlineNumber>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const HeadlineNumber& h : rows)
    out.push_back({{"id", h.id},
                   {"name", h.name},
                   {"paper", json_number_or_null(h.paper)},
                   {"paper_sem", json_number_or_null(h.paper_sem)},
                   {"paper_text", h.paper_text},
                   {"ours", json_number_or_null(h.ours)},
                   {"ours_sem", json_number_or_null(h.ours_sem)},
                   {"difference", json_number_or_null(h.difference())},
                   {"p_value", json_number_or_null(h.p_value)},
                   {"n", h.n},
                   {"units", h.units},
                   {"notes", h.notes}});
  return out;
}

std::string paper_numbers_markdown(const std::vector<HeadlineNumber>& rows) {
  std::string md = "| number | paper | ours | difference | n | notes |\n|---|---|---|---|---|---|\n";
  for (const HeadlineNumber& h : rows) {
    const std::string unit = h.units.empty() ? "" : " " + h.units;
    std::string paper = h.paper_text;
    if (paper.empty()) {
      paper = format_headline_value(h.paper, h);
      if (!std::isnan(h.paper_sem)) paper += " ± " + format_headline_value(h.paper_sem, h);
      if (!std::isnan(h.paper)) paper += unit;
    }
    std::string ours = format_headline_value(h.ours, h);
    if (!std::isnan(h.ours_sem)) ours += " ± " + format_headline_value(h.ours_sem, h);
    if (!std::isnan(h.ours)) ours += unit;
    if (!std::isnan(h.p_value)) ours += " (p = " + format_p(h.p_value) + ")";
    md += "| " + escape_cell(h.name) + " | " + escape_cell(paper) + " | " + escape_cell(ours) + " | " +
          format_headline_value(h.difference(), h) + " | " + (h.n > 0 ? std::to_string(h.n) : "") + " | " +
          escape_cell(h.notes) + " |\n";
  }
  return md;
}

void write_paper_numbers(const std::filesystem::path& dir, const std::vector<HeadlineNumber>& rows) {
  write_text_atomically(dir / "paper_numbers.json", paper_numbers_json(rows).dump(2) + "\n");
  write_text_atomically(dir / "paper_numbers.md", paper_numbers_markdown(rows));
}

}  // namespace rbmdyn::analysis
