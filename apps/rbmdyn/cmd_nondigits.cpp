// rbmdyn nondigits: synthetic non-digits (method.md §6.2) as NPY files and a PNG grid
// (host/classifier/nondigit_folder.hpp).
#include <cstdio>
#include <memory>

#include "apps/rbmdyn/commands.hpp"
#include "host/classifier/nondigit_folder.hpp"

namespace rbmdyn::cli {

void add_nondigits_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("nondigits", "Synthesize non-digit images (scrambled and masked digits, method.md §6.2)");
  auto job = std::make_shared<NondigitsJob>();
  cmd->add_option("--mnist", job->mnist, "MNIST folder (default: $RBMDYN_MNIST)");
  cmd->add_option("--out", job->out, "Output folder")->required();
  cmd->add_option("--n", job->n, "Number of non-digits (types i mod 11, permuted)")->capture_default_str();
  cmd->add_option("--seed", job->seed, "Seed of the random stream")->capture_default_str();
  cmd->add_flag("--scale-255", job->scale_255, "inputs32.npy in 0..255 as in the study's code (default [0, 1])");
  cmd->add_option("--grid-cols", job->grid_cols, "Examples per type in grid.png")->capture_default_str();
  cmd->callback([job]() {
    write_nondigit_folder(*job);
    std::printf("wrote %lld non-digits to %s (images.npy, types.npy, sources.npy, inputs32.npy, grid.png)\n",
                static_cast<long long>(job->n), job->out.c_str());
  });
}

RBMDYN_REGISTER_COMMAND(50, add_nondigits_command);

}  // namespace rbmdyn::cli
