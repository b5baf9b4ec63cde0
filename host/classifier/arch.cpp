#include "host/classifier/arch.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "host/core/error.hpp"
#include "host/io/json_fields.hpp"

namespace rbmdyn {

ClassifierArch ClassifierArch::paper() { return ClassifierArch{}; }

ClassifierArch ClassifierArch::small() {
  ClassifierArch a;
  a.name = "small";
  a.block_channels = {8, 16, 32, 32};
  a.fc_hidden = {256, 256};
  a.dropout = 0.25f;
  return a;
}

ClassifierArch ClassifierArch::named(const std::string& name, const std::string& option) {
  if (name == "paper") return paper();
  if (name == "small") return small();
  fail_input(quote_option(option) + " " + name + ": unknown architecture (known: paper, small)");
}

void ClassifierArch::validate(const std::string& source) const {
  auto bad = [&](const std::string& what) { fail_input(source + ": invalid classifier architecture: " + what); };
  if (name.empty()) bad("empty name");
  if (in_channels < 1) bad("in_channels must be ≥ 1");
  if (block_channels.empty() || block_channels.size() > 8) bad("1 to 8 blocks required");
  for (int c : block_channels)
    if (c < 1 || c > 4096) bad("block channels must be in 1..4096");
  if (convs_per_block < 1 || convs_per_block > 8) bad("convs_per_block must be in 1..8");
  if (input_side < 2 || input_side > 1024 || (input_side % (1 << blocks())) != 0)
    bad("input_side " + std::to_string(input_side) + " must be divisible by 2^blocks");
  for (int f : fc_hidden)
    if (f < 1 || f > 65536) bad("fc widths must be in 1..65536");
  if (!(dropout >= 0.0f && dropout < 1.0f)) bad("dropout must be in [0, 1)");
  if (!(bn_eps > 0.0f) || !std::isfinite(bn_eps)) bad("bn_eps must be > 0");
  if (!(bn_momentum > 0.0f && bn_momentum <= 1.0f)) bad("bn_momentum must be in (0, 1]");
  if (classes < 2 || classes > 1000) bad("classes must be in 2..1000");
}

int64_t ClassifierArch::flat_features() const {
  const int64_t side = final_side();
  return static_cast<int64_t>(block_channels.back()) * side * side;
}

double ClassifierArch::forward_flops() const {
  double flops = 0;
  int64_t side = input_side;
  int64_t cin = in_channels;
  for (int c : block_channels) {
    for (int k = 0; k < convs_per_block; ++k) {
      flops += 2.0 * 9.0 * static_cast<double>(cin) * c * static_cast<double>(side * side);
      cin = c;
    }
    side /= 2;
  }
  int64_t in = flat_features();
  for (int f : fc_hidden) {
    flops += 2.0 * static_cast<double>(in) * f;
    in = f;
  }
  flops += 2.0 * static_cast<double>(in) * classes;
  return flops;
}

bool ClassifierArch::operator==(const ClassifierArch& o) const {
  return name == o.name && input_side == o.input_side && in_channels == o.in_channels &&
         block_channels == o.block_channels && convs_per_block == o.convs_per_block && fc_hidden == o.fc_hidden &&
         dropout == o.dropout && batch_norm == o.batch_norm && bn_eps == o.bn_eps && bn_momentum == o.bn_momentum &&
         classes == o.classes;
}

void to_json(nlohmann::json& j, const ClassifierArch& a) {
  j = nlohmann::json{{"name", a.name},
                     {"input_side", a.input_side},
                     {"in_channels", a.in_channels},
                     {"block_channels", a.block_channels},
                     {"convs_per_block", a.convs_per_block},
                     {"fc_hidden", a.fc_hidden},
                     {"dropout", a.dropout},
                     {"batch_norm", a.batch_norm},
                     {"bn_eps", a.bn_eps},
                     {"bn_momentum", a.bn_momentum},
                     {"classes", a.classes}};
}

void from_json(const nlohmann::json& j, ClassifierArch& a) {
  json_get_to(j, "name", a.name);
  json_get_to(j, "input_side", a.input_side);
  json_get_to(j, "in_channels", a.in_channels);
  json_get_to(j, "block_channels", a.block_channels);
  json_get_to(j, "convs_per_block", a.convs_per_block);
  json_get_to(j, "fc_hidden", a.fc_hidden);
  json_get_to(j, "dropout", a.dropout);
  json_get_to(j, "batch_norm", a.batch_norm);
  json_get_to(j, "bn_eps", a.bn_eps);
  json_get_to(j, "bn_momentum", a.bn_momentum);
  json_get_to(j, "classes", a.classes);
}

}  // namespace rbmdyn
