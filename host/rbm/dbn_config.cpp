#include "host/rbm/dbn_config.hpp"

#include <nlohmann/json.hpp>
#include <numeric>

#include "host/core/error.hpp"
#include "host/core/random.hpp"
#include "host/rbm/rbm_stack.hpp"

namespace rbmdyn {

DbnAlgorithm parse_dbn_algorithm(const std::string& text, const std::string& option) {
  if (text == "greedy" || text == "gdbn") return DbnAlgorithm::greedy;
  if (text == "iterative" || text == "idbn") return DbnAlgorithm::iterative;
  fail_input(quote_option(option) + " '" + text + "': must be greedy or iterative");
}
const char* dbn_algorithm_name(DbnAlgorithm algorithm) {
  return algorithm == DbnAlgorithm::greedy ? "greedy" : "iterative";
}

IdbnSchedule parse_idbn_schedule(const std::string& text, const std::string& option) {
  if (text == "epoch") return IdbnSchedule::epoch;
  if (text == "minibatch") return IdbnSchedule::minibatch;
  fail_input(quote_option(option) + " '" + text + "': must be epoch or minibatch");
}
const char* idbn_schedule_name(IdbnSchedule schedule) {
  return schedule == IdbnSchedule::minibatch ? "minibatch" : "epoch";
}

std::vector<int64_t> default_dbn_sizes() {
  std::vector<int64_t> s;
  for (int64_t n : {784, 500, 500, 1000}) s.push_back(n);
  return s;
}

Cd1Config deep_cd1_defaults() {
  Cd1Config c;
  c.epochs = 100;
  c.batch_size = 128;
  c.lr_weights = c.lr_visible_bias = c.lr_hidden_bias = 0.01f;
  c.weight_cost = 1e-4f;
  c.momentum_initial = 0.5f;
  c.momentum_final = 0.9f;
  c.momentum_switch_epoch = 5;  // `current_epoch < 5` (dbn.md §0, §9 #4)
  c.init_std = 0.01f;
  c.negative_visible = NegativeVisible::sampled;
  return c;
}

Cd1Config DbnConfig::layer_config(int layer) const {
  RBMDYN_CHECK(layer >= 1 && layer <= depth(), "layer out of range");
  Cd1Config c = cd1;
  c.n_hidden = sizes[static_cast<std::size_t>(layer)];
  c.stream_layer = static_cast<uint32_t>(layer - 1);
  return c;
}

void DbnConfig::validate() const {
  if (sizes.size() < 2) fail_input(quote_option("sizes") + ": needs at least two layer sizes");
  if (sizes.size() > 9) fail_input(quote_option("sizes") + ": at most 8 RBMs are supported");
  for (int64_t n : sizes)
    if (n <= 0 || n > (1 << 20)) fail_input(quote_option("sizes") + " " + stack_sizes_name(sizes) + ": each size must be in 1..1048576");
  if (cd1.shuffle)
    fail_input(quote_option("shuffle") + ": deep models keep the batches fixed and shuffle their order (" +
               quote_option("batch_shuffle") + ")");
  for (int l = 1; l <= depth(); ++l) layer_config(l).validate();
}

void to_json(nlohmann::json& j, const DbnConfig& c) {
  j = nlohmann::json{{"sizes", c.sizes},
                     {"algorithm", dbn_algorithm_name(c.algorithm)},
                     {"idbn_schedule", idbn_schedule_name(c.idbn_schedule)},
                     {"batch_shuffle", c.batch_shuffle},
                     {"cd1", c.cd1}};
}

void from_json(const nlohmann::json& j, DbnConfig& c) {
  j.at("sizes").get_to(c.sizes);
  c.algorithm = parse_dbn_algorithm(j.at("algorithm").get<std::string>());
  c.idbn_schedule = parse_idbn_schedule(j.at("idbn_schedule").get<std::string>());
  j.at("batch_shuffle").get_to(c.batch_shuffle);
  j.at("cd1").get_to(c.cd1);
}

std::vector<int32_t> dbn_batch_order(uint64_t seed, int64_t n_batches, int epoch, int layer, bool shuffle) {
  std::vector<int32_t> order(static_cast<std::size_t>(n_batches));
  std::iota(order.begin(), order.end(), 0);
  if (!shuffle) return order;
  // Fisher–Yates: position i swaps with one in [0, i] (as cd1_epoch_order).
  const RandomStream rng{seed, RngPurpose::dbn_batch_order};
  for (int64_t i = n_batches - 1; i > 0; --i) {
    const uint32_t bits = rng.bits(static_cast<uint32_t>(epoch), static_cast<uint32_t>(layer - 1), static_cast<uint32_t>(i));
    std::swap(order[static_cast<std::size_t>(i)], order[uniform_below(bits, static_cast<uint32_t>(i + 1))]);
  }
  return order;
}

}  // namespace rbmdyn
