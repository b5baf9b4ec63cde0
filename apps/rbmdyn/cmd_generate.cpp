// rbmdyn generate: top-down Gibbs chains from biasing vectors (docs/method.md §4) into a folder
// (host/sweep/generate.hpp).
#include <cstdio>
#include <memory>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "host/sweep/generate.hpp"

namespace rbmdyn::cli {
namespace {

void print_generate_result(const GenerateJob& job, const GenerateResult& r) {
  for (const MethodActivity& m : r.methods)
    std::printf("%s: %% active hidden at step 1: %.3f +- %.3f %%, at step %d: %.3f +- %.3f %% (mean +- SEM over %lld "
                "vectors)\n",
                m.method.c_str(), m.first.across.mean, m.first.across.sem, r.steps, m.last.across.mean,
                m.last.across.sem, static_cast<long long>(m.vectors));
  const double chain_steps = static_cast<double>(r.chains) * r.steps;
  std::printf("%lld chains x %d steps in %.2f s (%.3g chain-steps/s); written to %s\n", static_cast<long long>(r.chains),
              r.steps, r.seconds, chain_steps / r.seconds, job.out.c_str());
}

}  // namespace

void add_generate_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("generate", "Top-down Gibbs chains from biasing vectors (docs/method.md §4)");
  auto job = std::make_shared<GenerateJob>();
  cmd->add_option("--rbm", job->rbm, "Trained RBM (.safetensors)")->required();
  cmd->add_option("--biasing", job->biasing, "Biasing folder written by `rbmdyn biasing`")->required();
  add_parsed(*cmd, "--set", job->set, parse_vector_set,
             "Vectors: lb, intersection, double or all (global order lb, intersection, double)",
             vector_set_name(job->set));
  cmd->add_option("--chains", job->chains, "Chains per vector. Each chain's random numbers are addressed by (vector, chain), so adding chains never changes the chains already there")->capture_default_str();
  cmd->add_option("--steps", job->steps, "Steps per chain (step 1 = the biasing vector, as given)")
      ->capture_default_str();
  cmd->add_option("--keep-steps", job->keep_steps,
                  "Visible states to keep: figure (steps 1,2,3,4,5,10,25,50,100 and the last), all, none, or a "
                  "list of 1-based steps like 1,2,5,100")
      ->capture_default_str();
  cmd->add_flag("--keep-hidden", job->keep_hidden, "Also write the hidden states of every step (hidden.npy)");
  cmd->add_option("--temperature", job->temperature, "T: pre-activations are divided by T")->capture_default_str();
  add_parsed(*cmd, "--visible", job->visible_mode, parse_visible_mode,
             "mean-field (visible layer kept as probabilities, the study's mode) or sampled (block Gibbs)",
             visible_mode_name(job->visible_mode));
  add_seed_option(*cmd, job->seed, "Seed of the chains' random stream");
  add_device_option(*cmd, job->backend);
  cmd->add_option("--grid-replicas", job->grid_replicas, "Chains per vector shown in the sample grids (0 = none)")
      ->capture_default_str();
  cmd->add_option("--out", job->out, "Output folder")->required();
  add_quiet_flag(*cmd, &job->progress, "progress line");
  cmd->callback([job]() { print_generate_result(*job, generate_chains(*job)); });
}

RBMDYN_REGISTER_COMMAND(40, add_generate_command);

}  // namespace rbmdyn::cli
