// rbmdyn sensitivity: the study under a grid of named variants × RBM seeds × classifier seeds, with the
// fidelity table and report (host/reproduce/sensitivity.hpp, fidelity.hpp).
#include <cstdio>
#include <sstream>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/study_options.hpp"
#include "host/classifier/engine.hpp"
#include "host/core/error.hpp"
#include "host/data/mnist.hpp"
#include "host/reproduce/sensitivity.hpp"

namespace rbmdyn::cli {
namespace {

struct SensitivityArgs {
  std::optional<std::string> mnist, variants, forest_script, doc;
  std::string out = "out/sensitivity";
  std::string device = "auto";
  std::string arch = "auto";
  std::string math = "tf32";
  std::string rbm_seeds = "1,2,3";
  std::string classifier_seeds = "1,2,3";
  bool all_classifier_seeds = false, deterministic = false, plan_only = false, quiet = false;
  StudyArgs study;
};

std::vector<uint64_t> parse_seed_list(const std::string& text, const std::string& option) {
  std::vector<uint64_t> seeds;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (item.empty() || item.find_first_not_of("0123456789") != std::string::npos || item.size() > 18)
      fail_input(option + " '" + text + "': expected comma-separated non-negative integers");
    seeds.push_back(std::stoull(item));
  }
  if (seeds.empty()) fail_input(option + " '" + text + "': no seed given");
  return seeds;
}

std::string join_names(const std::vector<Variant>& variants) {
  std::string s;
  for (std::size_t i = 1; i < variants.size(); ++i) s += (s.empty() ? "" : ",") + variants[i].name;
  return s;
}

void run(const SensitivityArgs& a) {
  SensitivityOptions o;
  o.backend = parse_backend(a.device);
  o.math = parse_math_mode(a.math);
  o.deterministic = a.deterministic;
  o.grid.base = study_config_from(a.study);
  o.grid.base.classifier_arch = a.arch == "auto" ? (o.backend == Backend::cuda ? "paper" : "small") : a.arch;
  study_classifier_arch(o.grid.base.classifier_arch, "--classifier-arch");
  o.grid.rbm_seeds = parse_seed_list(a.rbm_seeds, "--rbm-seeds");
  o.grid.classifier_seeds = parse_seed_list(a.classifier_seeds, "--classifier-seeds");
  o.grid.all_classifier_seeds = a.all_classifier_seeds;
  std::string names;
  if (a.variants) {
    names = *a.variants;
  } else {
    for (const std::string& n : default_variant_names(o.grid.base, o.backend == Backend::cuda))
      if (n != "default") names += (names.empty() ? "" : ",") + n;
  }
  o.grid.variants = parse_variants(names);
  o.mnist = a.plan_only ? std::filesystem::path() : resolve_mnist_dir(a.mnist);
  o.out = a.out;
  o.progress = !a.quiet;
  o.plan_only = a.plan_only;
  if (a.forest_script) o.forest_script = *a.forest_script;
  if (a.doc) o.doc = *a.doc;
  o.command = "rbmdyn sensitivity --out " + a.out + " --device " + a.device + " --classifier-arch " + a.arch +
              " --rbm-seeds " + a.rbm_seeds + " --classifier-seeds " + a.classifier_seeds +
              (a.all_classifier_seeds ? " --all-classifier-seeds" : "") + study_args_text(a.study) +
              " --variants " + join_names(o.grid.variants) + (a.doc ? " --doc " + *a.doc : "");
  const SensitivityRun r = run_sensitivity(o);
  if (!a.plan_only) std::printf("sensitivity done in %.1f s: %s\n", r.seconds, (o.out / "fidelity.md").c_str());
}

void add_sensitivity_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "sensitivity",
      "The study under named variants of every method.md §10 choice × RBM seeds × classifier seeds: a tidy table "
      "(CSV, JSON), a forest plot and fidelity.md (paper vs ours, spread, what moves each number). The output "
      "folder is a cache: rerunning resumes and reuses everything finished");
  auto a = std::make_shared<SensitivityArgs>();
  cmd->add_option("--mnist", a->mnist, "MNIST folder (default: $RBMDYN_MNIST)");
  cmd->add_option("--out", a->out, "Output folder (and cache)")->capture_default_str();
  cmd->add_option("--variants", a->variants,
                  "Comma-separated variants besides the default (default: all that apply; see docs/fidelity.md)");
  cmd->add_option("--rbm-seeds", a->rbm_seeds, "RBM seeds (RBM, readout and chains)")->capture_default_str();
  cmd->add_option("--classifier-seeds", a->classifier_seeds, "Classifier seeds")->capture_default_str();
  cmd->add_flag("--all-classifier-seeds", a->all_classifier_seeds,
                "Measure every variant with every classifier seed (default: the costly ones with the first only)");
  cmd->add_option("--device", a->device, "cpu, cuda or auto")->capture_default_str();
  cmd->add_option("--classifier-arch", a->arch, "Default classifier: paper, mid, small, or auto (paper on CUDA)")
      ->capture_default_str();
  add_study_options(*cmd, a->study);
  cmd->add_option("--math", a->math, "CUDA classifier math: tf32 or fp32")->capture_default_str();
  cmd->add_flag("--deterministic", a->deterministic, "CUDA classifier: fp32 and deterministic algorithms");
  cmd->add_option("--forest-script", a->forest_script, "Forest-plot script (default: scripts/plot_sensitivity.py)");
  cmd->add_option("--doc", a->doc, "Also write the report here (docs/fidelity.md), the forest plot beside it");
  cmd->add_flag("--plan", a->plan_only, "Print what would be trained and run (and what is cached), then stop");
  cmd->add_flag("--quiet", a->quiet, "No progress lines for the training runs");
  cmd->callback([a]() { run(*a); });
}

RBMDYN_REGISTER_COMMAND(105, add_sensitivity_command);

}  // namespace
}  // namespace rbmdyn::cli
