#pragma once
// Every choice of the study that can move a headline number (docs/method.md §10), in one struct, with the
// reproduction defaults: the authors' code wherever paper and code disagree. `reproduce` runs one
// StudyConfig per seed; `sensitivity` runs a grid of named variants of it (variants.hpp). Each stage's
// settings are derived here, so a config names its trained models, chains and classifications
// unambiguously (the *_key functions, used as file and folder names of the sensitivity cache).
//
// Seeds: an RBM seed drives the RBM's initialisation, the readout and the chains (as in `reproduce`);
// a classifier seed drives the classifier's split, non-digits, initialisation, order and dropout.
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "host/analysis/paper_numbers.hpp"
#include "host/biasing/label_biasing.hpp"
#include "host/classifier/arch.hpp"
#include "host/classifier/digit_classifier.hpp"
#include "host/classifier/trainer.hpp"
#include "host/gibbs/gibbs_engine.hpp"
#include "host/rbm/cd1_config.hpp"
#include "host/sweep/sweep_options.hpp"

namespace rbmdyn {

struct StudyConfig {
  // The small configuration for CI (a few minutes on 2 CPU cores): a 5-epoch RBM, the classifier
  // trained on a subset for 12 short epochs, 20 chains per vector; every step and every §9 number kept.
  bool quick = false;
  // Tests of the pipeline only (`reproduce --tiny`; implies quick): 1-epoch RBM, 1-epoch classifier on
  // 2000 digits, 3 chains per vector. Its numbers mean nothing.
  bool tiny = false;

  // Classifier (§6). `classifier_arch` "paper", "mid" or "small" (paper on a GPU, small on a CPU is
  // what `reproduce` picks); epochs and non-digit count 0 = the architecture's recipe.
  std::string classifier_arch = "small";
  NondigitScale nondigit_scale = NondigitScale::raw255;  // §10 row 19: 255 = the authors' code
  int classifier_epochs = 0;
  int64_t nondigits_per_type = 0;
  SampleResize sample_resize = SampleResize::bicubic;  // §10 row 18: bicubic = the authors' code

  // RBM (§2): 6 = the authors' `epoch > 5` (§10 row 1); 5 = the paper's text.
  int momentum_switch_epoch = 6;

  // Biasing (§3, §5): sampled readout (§10 row 7); k from the rule of §5.1 unless set.
  ReadoutMode readout = ReadoutMode::sampled;
  std::optional<int> k;

  // Generation (§4): mean-field visible units as the authors; sampled = standard block Gibbs.
  VisibleMode visible = VisibleMode::mean_field;

  // Metrics (§7): how the headline numbers are summarised (recomputed from the stored predictions).
  analysis::PaperConventions conventions;

  // InputError naming the option (neutral names: classifier_epochs, nondigits_per_type,
  // momentum_switch_epoch, k) for values out of range.
  void validate() const;
};

// The architecture: ClassifierArch::named plus "mid" (this project's middle size for the sensitivity
// analysis: blocks {16, 32, 64, 64}, fc {512, 512}, dropout as small's; about 4× small's cost).
ClassifierArch study_classifier_arch(const std::string& name, const std::string& option_name = "classifier_arch");

// The training recipe of the config's classifier with `seed` (quick: 12000 digits, 1000 non-digits
// per type, 12 epochs at lr 0.1, 1000 validation digits; tiny: 1 epoch, 2000 digits, 100 non-digits
// per type, 300 validation digits).
ClassifierTrainConfig classifier_train_config(const StudyConfig& config, uint64_t seed);
Cd1Config rbm_train_config(const StudyConfig& config, uint64_t seed);
// The sweep of all 100 vectors with the config's generation settings (chains seeded with `seed`).
SweepOptions study_sweep_options(const StudyConfig& config, uint64_t seed, Backend backend);
DigitClassifierOptions classifier_run_options(const StudyConfig& config, const CudaMathOptions& cuda);

// File-system-safe names: a readable prefix and 8 hex digits of the SHA-256 of everything that
// determines the result (so a changed recipe never reuses a stale file).
std::string classifier_key(const StudyConfig& config, uint64_t seed);      // e.g. small-255-s1-3fa2c01b
std::string rbm_key(const StudyConfig& config, uint64_t seed);             // e.g. rbm-m6-s1-0c1d2e3f
std::string chains_key(const StudyConfig& config, uint64_t rbm_seed);      // RBM + biasing + generation
std::string view_key(const StudyConfig& config, uint64_t classifier_seed);  // classifier + sample resize

// All of the config as JSON (what a sensitivity table records per variant).
nlohmann::json study_config_json(const StudyConfig& config);

}  // namespace rbmdyn
