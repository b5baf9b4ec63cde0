#include "host/reproduce/sensitivity_timings.hpp"

namespace rbmdyn {
namespace {

// The identity of an entry: the model file it trained or the chain run's key ("" = none).
std::string identity(const nlohmann::json& entry) {
  for (const char* field : {"file", "key"})
    if (entry.is_object() && entry.contains(field) && entry[field].is_string()) return entry[field].get<std::string>();
  return "";
}

// `earlier` without the entries `later` makes again, then `later`.
nlohmann::json merge_entries(const nlohmann::json& earlier, const nlohmann::json& later) {
  nlohmann::json out = nlohmann::json::array();
  if (earlier.is_array())
    for (const nlohmann::json& e : earlier) {
      const std::string id = identity(e);
      bool replaced = false;
      if (!id.empty() && later.is_array())
        for (const nlohmann::json& l : later) replaced = replaced || identity(l) == id;
      if (!replaced) out.push_back(e);
    }
  if (later.is_array())
    for (const nlohmann::json& l : later) out.push_back(l);
  return out;
}

}  // namespace

nlohmann::json accumulate_timings(const nlohmann::json& before, const nlohmann::json& now, double seconds,
                                  const std::string& utc) {
  const nlohmann::json empty = nlohmann::json::object();
  const nlohmann::json& b = before.is_object() ? before : empty;
  nlohmann::json out = nlohmann::json::object();
  for (const char* list : {"rbm_training", "classifier_training", "chain_runs"})
    out[list] = merge_entries(b.value(list, nlohmann::json::array()), now.value(list, nlohmann::json::array()));
  nlohmann::json invocations = b.value("invocations", nlohmann::json::array());
  if (b.contains("total_seconds_this_run") && b["total_seconds_this_run"].is_number())
    invocations.push_back({{"seconds", b["total_seconds_this_run"]}, {"utc", ""}});
  invocations.push_back({{"seconds", seconds}, {"utc", utc}});
  double total = 0;
  for (const nlohmann::json& i : invocations)
    if (i.contains("seconds") && i["seconds"].is_number()) total += i["seconds"].get<double>();
  out["invocations"] = invocations;
  out["total_seconds"] = total;
  return out;
}

}  // namespace rbmdyn
