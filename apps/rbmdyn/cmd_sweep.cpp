// rbmdyn sweep: the study's experiment (docs/method.md §4–§7) — label biasing (10 vectors), intersection (45)
// and double label biasing (45) × chains × steps as one batch of Gibbs chains, every step classified
// where it was generated, the metrics reduced, and the folder of host/sweep/sweep_files.hpp written
// (host/sweep/sweep_job.hpp).
#include <algorithm>
#include <cstdio>
#include <memory>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "host/core/descriptive.hpp"
#include "host/core/study.hpp"
#include "host/sweep/sweep_job.hpp"

namespace rbmdyn::cli {
namespace {

// One line per method: visited states and non-digit time (mean ± SEM over vectors), and the paper table.
void print_sweep_summary(const SweepJobResult& s) {
  if (s.reused)
    std::printf("sweep %s: already complete with these options, models and biasing vectors (config.json); "
                "reused, nothing run\n",
                s.out.c_str());
  std::printf("sweep %s: %d steps x %lld chains per vector, %s, in %.1f s (chains + classification %.1f s)\n",
              s.out.c_str(), s.options.steps, static_cast<long long>(s.options.chains), backend_name(s.options.backend),
              s.seconds, s.gibbs_seconds);
  for (const SetAnalysis& set : s.analysis.sets) {
    std::vector<double> visited, nondigit;
    for (const auto& g : set.analysis.groups) {
      visited.push_back(g.visited.mean_rounded);
      nondigit.push_back(g.state_time[kNonDigit].mean_rounded);
    }
    const MeanSem v = mean_sem(visited, kSemDdofPaperSummary);
    const MeanSem nd = mean_sem(nondigit, kSemDdofPaperSummary);
    std::printf(
        "  %-12s %2d vectors%s: visited states %.3f +- %.3f, non-digit time %.3f +- %.3f steps "
        "(mean +- SEM over the per-vector means, ddof 0)\n",
        vector_set_name(set.set), set.covered.count, set.complete ? "" : " (partial)", v.mean, v.sem, nd.mean, nd.sem);
  }
  if (!s.analysis.paper.empty()) std::printf("  paper comparison: %s\n", (s.out / "paper_numbers.md").c_str());
}

void add_sweep_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("sweep", "Biased Gibbs chains of every vector, classified per step, with metrics");
  add_quiet_flag(*cmd, nullptr, "progress lines");
  auto job = std::make_shared<SweepJob>();
  SweepOptions& o = job->sweep;
  cmd->add_option("--rbm", job->rbm, "Trained RBM (.safetensors)")->required();
  cmd->add_option("--classifier", job->classifier, "Trained digit classifier (.safetensors)")->required();
  cmd->add_option("--out", job->out, "Output folder")->required();
  cmd->add_option("--biasing", job->biasing, "Biasing folder from `rbmdyn biasing` (default: derive it from MNIST)");
  cmd->add_option("--mnist", job->mnist, kMnistHelp);
  cmd->add_option("--k", job->k,
                  "Top-k of the chimera vectors when deriving them (default: the rule of docs/method.md §5.1)");
  add_parsed(*cmd, "--set", o.set, parse_vector_set, "lb, intersection, double or all", vector_set_name(o.set));
  cmd->add_option("--chains", o.chains, "Chains per biasing vector. Each chain's random numbers are addressed by (vector, chain), so adding chains never changes the chains already there")->capture_default_str();
  cmd->add_option("--steps", o.steps, "Steps per chain")->capture_default_str();
  add_seed_option(*cmd, o.seed, "Seed of the chains (and of the readout when deriving)");
  cmd->add_option("--temperature", o.temperature, "Gibbs temperature T")->capture_default_str();
  add_parsed(*cmd, "--visible", o.visible_mode, parse_visible_mode,
             "mean-field (the study) or sampled (standard block Gibbs)", visible_mode_name(o.visible_mode));
  cmd->add_option("--example-chains", o.example_chains, "Chains per vector whose example images are kept (default: 3, or --chains when fewer)")
      ->capture_default_str();
  add_parsed(*cmd, "--shard", o.shard, parse_shard, "Run part i of n (i/n) of the vectors; combine with `rbmdyn merge`",
             shard_name(o.shard));
  add_device_option(*cmd, o.backend);
  add_parsed(*cmd, "--devices", job->devices, parse_cuda_devices,
             "Spread the sweep over these CUDA devices, e.g. 0,1,2,3 (implies cuda)", "");
  add_cuda_math_options(*cmd, job->classifier_options.cuda);
  add_parsed(*cmd, "--sample-resize", job->classifier_options.sample_resize, parse_sample_resize,
             "28→32 resize of the samples for the classifier: bicubic (the authors' code) or bilinear (the training "
             "digits' resize; docs/method.md §10 row 18)",
             sample_resize_name(job->classifier_options.sample_resize));
  cmd->callback([job, cmd]() {
    // A default that depends on another option follows it: --chains 2 keeps 2 example chains, not 3. A
    // value the user gave is checked as given (`--example-chains 3` with `--chains 2` is an error).
    SweepOptions& so = job->sweep;
    if (cmd->count("--example-chains") == 0 && so.example_chains > so.chains)
      so.example_chains = static_cast<int>(std::max<int64_t>(so.chains, 0));
    print_sweep_summary(run_sweep_job(*job));
  });
}

RBMDYN_REGISTER_COMMAND(90, add_sweep_command);

}  // namespace
}  // namespace rbmdyn::cli
