#include "host/rbm/cd1_config.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "host/core/error.hpp"
#include "host/io/json_fields.hpp"

namespace rbmdyn {

NegativeVisible parse_negative_visible(const std::string& text, const std::string& option_name) {
  if (text == "mean_field") return NegativeVisible::mean_field;
  if (text == "sampled") return NegativeVisible::sampled;
  fail_input(quote_option(option_name) + " '" + text + "': must be mean_field or sampled");
}

const char* negative_visible_name(NegativeVisible mode) {
  return mode == NegativeVisible::sampled ? "sampled" : "mean_field";
}

void Cd1Config::validate() const {
  auto require = [](bool ok, const std::string& what) {
    if (!ok) fail_input(what);
  };
  auto finite_nonneg = [&](float v, const char* option) {
    require(std::isfinite(v) && v >= 0.0f, quote_option(option) + " " + std::to_string(v) + ": must be finite and >= 0");
  };
  require(n_hidden > 0 && n_hidden <= (1 << 20), quote_option("hidden") + " " + std::to_string(n_hidden) + ": must be in 1..1048576");
  require(epochs >= 0, quote_option("epochs") + " " + std::to_string(epochs) + ": must be >= 0");
  require(batch_size > 0, quote_option("batch_size") + " " + std::to_string(batch_size) + ": must be positive");
  finite_nonneg(lr_weights, "lr_weights");
  finite_nonneg(lr_visible_bias, "lr_visible_bias");
  finite_nonneg(lr_hidden_bias, "lr_hidden_bias");
  finite_nonneg(weight_cost, "weight_cost");
  require(std::isfinite(momentum_initial) && momentum_initial >= 0 && momentum_initial < 1,
          quote_option("momentum_initial") + " " + std::to_string(momentum_initial) + ": must be in [0, 1)");
  require(std::isfinite(momentum_final) && momentum_final >= 0 && momentum_final < 1,
          quote_option("momentum_final") + " " + std::to_string(momentum_final) + ": must be in [0, 1)");
  require(momentum_switch_epoch >= 0, quote_option("momentum_switch_epoch") + ": must be >= 0");
  finite_nonneg(init_std, "init_std");
}

void to_json(nlohmann::json& j, const Cd1Config& c) {
  j = nlohmann::json{{"n_hidden", c.n_hidden},
                     {"epochs", c.epochs},
                     {"batch_size", c.batch_size},
                     {"lr_weights", c.lr_weights},
                     {"lr_visible_bias", c.lr_visible_bias},
                     {"lr_hidden_bias", c.lr_hidden_bias},
                     {"weight_cost", c.weight_cost},
                     {"momentum_initial", c.momentum_initial},
                     {"momentum_final", c.momentum_final},
                     {"momentum_switch_epoch", c.momentum_switch_epoch},
                     {"init_std", c.init_std},
                     {"seed", c.seed},
                     {"shuffle", c.shuffle}};
  // Written only when not the single RBM's values, so the RBM's files and checkpoints stay as they were.
  if (c.negative_visible != NegativeVisible::mean_field) j["negative_visible"] = negative_visible_name(c.negative_visible);
  if (c.stream_layer != 0) j["stream_layer"] = c.stream_layer;
}

void from_json(const nlohmann::json& j, Cd1Config& c) {
  json_get_to(j, "n_hidden", c.n_hidden);
  json_get_to(j, "epochs", c.epochs);
  json_get_to(j, "batch_size", c.batch_size);
  json_get_to(j, "lr_weights", c.lr_weights);
  json_get_to(j, "lr_visible_bias", c.lr_visible_bias);
  json_get_to(j, "lr_hidden_bias", c.lr_hidden_bias);
  json_get_to(j, "weight_cost", c.weight_cost);
  json_get_to(j, "momentum_initial", c.momentum_initial);
  json_get_to(j, "momentum_final", c.momentum_final);
  json_get_to(j, "momentum_switch_epoch", c.momentum_switch_epoch);
  json_get_to(j, "init_std", c.init_std);
  json_get_to(j, "seed", c.seed);
  json_get_to(j, "shuffle", c.shuffle);
  c.negative_visible = parse_negative_visible(j.value("negative_visible", std::string("mean_field")));
  c.stream_layer = j.value("stream_layer", 0u);
}

}  // namespace rbmdyn
