#pragma once
// Training options of a deep model (dbn.md §0, §3), with the authors' iDBN values as defaults: layers
// 784-500-500-1000, 100 epochs, B = 128, ε = 0.01, λ = 1e-4, momentum 0.5 for five epochs then 0.9,
// W ~ 0.01·N(0,1), CD-1 with a sampled negative visible, batch order reshuffled per epoch and layer.
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "host/rbm/cd1_config.hpp"

namespace rbmdyn {

enum class DbnAlgorithm {
  greedy,     // gDBN (dbn.md §3.2): layer after layer, each for all its epochs
  iterative,  // iDBN (dbn.md §3.3): every epoch trains every layer
};
DbnAlgorithm parse_dbn_algorithm(const std::string& text, const std::string& option = "algorithm");
const char* dbn_algorithm_name(DbnAlgorithm algorithm);

// How the iDBN interleaves its layers (dbn.md §3.3, §9 #9).
enum class IdbnSchedule {
  epoch,      // layer 1 over all batches, then layer 2 over all batches, … (the authors' code)
  minibatch,  // every layer on one mini-batch before the next (ablation [D])
};
IdbnSchedule parse_idbn_schedule(const std::string& text, const std::string& option = "idbn_schedule");
const char* idbn_schedule_name(IdbnSchedule schedule);

// The CD-1 hyperparameters of the deep models (dbn.md §0), shared by every layer.
Cd1Config deep_cd1_defaults();

// 784-500-500-1000 (dbn.md §2). A function rather than a braced default member: GCC 12 warns
// (maybe-uninitialized) about an initializer_list member default when the struct is built inside json.get.
std::vector<int64_t> default_dbn_sizes();

struct DbnConfig {
  std::vector<int64_t> sizes = default_dbn_sizes();  // n_0 (visible) … n_L (top)
  DbnAlgorithm algorithm = DbnAlgorithm::iterative;
  IdbnSchedule idbn_schedule = IdbnSchedule::epoch;
  // true: the order of the fixed batches is reshuffled every epoch, separately per layer (dbn.md §1.1);
  // false: file order (with a one-layer stack and the RBM recipe this is exactly `train-rbm`).
  bool batch_shuffle = true;
  Cd1Config cd1 = deep_cd1_defaults();  // n_hidden and stream_layer are set per layer

  int depth() const { return static_cast<int>(sizes.size()) - 1; }
  // The Cd1Config of RBM `layer` (1-based): cd1 with n_hidden = n_layer and stream_layer = layer − 1.
  Cd1Config layer_config(int layer) const;
  // InputError naming the option (`sizes`, `batch_size`, …).
  void validate() const;
};

void to_json(nlohmann::json& j, const DbnConfig& c);
void from_json(const nlohmann::json& j, DbnConfig& c);

// The batch order of one layer's epoch: 0..n_batches−1, or a seeded permutation (purpose
// dbn_batch_order, a = epoch, b = layer − 1) when `shuffle`.
std::vector<int32_t> dbn_batch_order(uint64_t seed, int64_t n_batches, int epoch, int layer, bool shuffle);

}  // namespace rbmdyn
