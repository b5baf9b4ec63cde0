// rbmdyn biasing: the label-biasing readout of a trained RBM over the MNIST training set (docs/method.md §3)
// and the biasing vectors derived from it: LB, intersection and double-LB with the k of §5.1
// (host/biasing/derive_biasing.hpp).
#include <cstdio>
#include <memory>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "host/biasing/derive_biasing.hpp"

namespace rbmdyn::cli {
namespace {

void print_biasing_result(const BiasingJob& job, const BiasingJobResult& r) {
  const nlohmann::json& s = r.derived.summary;
  std::printf("readout of %lld images (%s, %s) in %.1f s\n", static_cast<long long>(r.images),
              readout_mode_name(job.readout), backend_name(job.backend), r.seconds);
  std::printf("%% active hidden at step 1 per digit:");
  for (const double a : s["step1_active_percent"].get<std::vector<double>>()) std::printf(" %.3f", a);
  std::printf("\n  mean %.3f +- %.3f %% (SEM ddof 0, n = 10; paper 14.964 +- 0.079)\n",
              s["step1_active_percent_mean"].get<double>(), s["step1_active_percent_sem"].get<double>());
  std::printf("k = %d (rule: %d%s); intersection overlaps %d..%d units\n", r.derived.set.k, s["k_rule"].get<int>(),
              job.k ? ", overridden by --k" : "", s["overlap_min"].get<int>(), s["overlap_max"].get<int>());
  std::printf("written to %s\n", job.out.c_str());
}

}  // namespace

void add_biasing_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("biasing", "Label-biasing readout and biasing vectors (docs/method.md §3, §5)");
  add_quiet_flag(*cmd, nullptr, "progress lines");
  auto job = std::make_shared<BiasingJob>();
  cmd->add_option("--rbm", job->rbm, "Trained RBM (.safetensors)")->required();
  cmd->add_option("--mnist", job->mnist, kMnistHelp);
  cmd->add_option("--out", job->out,
                  "Output folder: lb.npy, intersection.npy, double.npy, pairs.npy, overlap.npy, summary.json")
      ->required();
  cmd->add_option("--k", job->k, "Top-k for the chimera vectors (default: the rule of docs/method.md §5.1; the paper's "
                                 "value is 149)");
  add_seed_option(*cmd, job->seed, "Seed of the readout's hidden samples");
  add_device_option(*cmd, job->backend);
  add_parsed(*cmd, "--readout", job->readout, parse_readout_mode,
             "sampled (one Bernoulli sample per image, the study's choice) or probabilities",
             readout_mode_name(job->readout));
  cmd->callback([job]() { print_biasing_result(*job, make_biasing_folder(*job)); });
}

RBMDYN_REGISTER_COMMAND(30, add_biasing_command);

}  // namespace rbmdyn::cli
