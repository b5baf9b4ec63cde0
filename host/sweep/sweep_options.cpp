#include "host/sweep/sweep_options.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "host/core/error.hpp"
#include "host/io/json_fields.hpp"

namespace rbmdyn {

Shard parse_shard(const std::string& text, const std::string& option) {
  const auto slash = text.find('/');
  Shard s;
  try {
    if (slash == std::string::npos) throw std::invalid_argument(text);
    std::size_t used_i = 0, used_n = 0;
    s.index = std::stoi(text.substr(0, slash), &used_i);
    s.count = std::stoi(text.substr(slash + 1), &used_n);
    if (used_i != slash || used_n != text.size() - slash - 1) throw std::invalid_argument(text);
  } catch (const std::logic_error&) {
    fail_input(quote_option(option) + " '" + text + "': expected i/n, e.g. 0/4 for the first of four jobs");
  }
  if (s.count < 1 || s.index < 0 || s.index >= s.count)
    fail_input(quote_option(option) + " '" + text + "': need 0 <= i < n");
  return s;
}

std::string shard_name(const Shard& shard) { return std::to_string(shard.index) + "/" + std::to_string(shard.count); }

void SweepOptions::validate() {
  if (chains < 1) fail_input(quote_option("chains") + " " + std::to_string(chains) + ": must be at least 1");
  if (steps < 1) fail_input(quote_option("steps") + " " + std::to_string(steps) + ": must be at least 1");
  if (!(temperature > 0.0f) || !std::isfinite(temperature))
    fail_input(quote_option("temperature") + " " + std::to_string(temperature) + ": must be a positive number");
  if (example_chains < 0 || example_chains > chains)
    fail_input(quote_option("example_chains") + " " + std::to_string(example_chains) + ": must be in 0.." +
               quote_option("chains"));
  std::sort(example_steps.begin(), example_steps.end());
  example_steps.erase(std::unique(example_steps.begin(), example_steps.end()), example_steps.end());
  example_steps.erase(std::remove_if(example_steps.begin(), example_steps.end(),
                                     [&](int s) { return s < 0 || s >= steps; }),
                      example_steps.end());
  const VectorRange all = vector_range(set);
  if (shard.count > all.count)
    fail_input(quote_option("shard") + " " + shard_name(shard) + ": more shards than the " + std::to_string(all.count) +
               " vectors of " + quote_option("set") + " " + vector_set_name(set));
}

VectorRange SweepOptions::vectors() const {
  const VectorRange all = vector_range(set);
  const int begin = all.first + all.count * shard.index / shard.count;
  const int end = all.first + all.count * (shard.index + 1) / shard.count;
  return {begin, end - begin};
}

void to_json(nlohmann::json& j, const SweepOptions& o) {
  j = {{"set", vector_set_name(o.set)},
       {"chains", o.chains},
       {"steps", o.steps},
       {"seed", o.seed},
       {"temperature", o.temperature},
       {"visible_mode", visible_mode_name(o.visible_mode)},
       {"example_steps_0based", o.example_steps},
       {"example_chains", o.example_chains},
       {"shard", shard_name(o.shard)},
       {"device", backend_name(o.backend)}};
}

SweepOptions sweep_options_from_json(const nlohmann::json& j, const std::string& source) {
  SweepOptions o;
  try {
    o.set = parse_vector_set(j.at("set").get<std::string>());
    json_get_to(j, "chains", o.chains);
    json_get_to(j, "steps", o.steps);
    json_get_to(j, "seed", o.seed);
    o.temperature = j.at("temperature").get<float>();
    o.visible_mode = parse_visible_mode(j.at("visible_mode").get<std::string>());
    json_get_to(j, "example_steps_0based", o.example_steps);
    json_get_to(j, "example_chains", o.example_chains);
    o.shard = parse_shard(j.at("shard").get<std::string>());
    o.backend = parse_backend(j.at("device").get<std::string>());
    o.validate();
  } catch (const nlohmann::json::exception& e) {
    fail_input(source + ": malformed sweep options (" + json_error_text(e) + ")");
  } catch (const InputError& e) {
    fail_input(source + ": recorded sweep options are invalid: " + e.what());
  }
  return o;
}

}  // namespace rbmdyn
