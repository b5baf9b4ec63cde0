// rbmdyn nondigits: synthetic non-digits (docs/method.md §6.2) as NPY files and a PNG grid
// (host/classifier/nondigit_folder.hpp).
#include <cstdio>
#include <memory>

#include "apps/rbmdyn/commands.hpp"
#include "apps/rbmdyn/options.hpp"
#include "host/classifier/nondigit_folder.hpp"

namespace rbmdyn::cli {

void add_nondigits_command(CLI::App& app) {
  auto* cmd =
      app.add_subcommand("nondigits", "Synthesize non-digit images (scrambled and masked digits, docs/method.md §6.2)");
  add_quiet_flag(*cmd, nullptr, "progress lines");
  auto job = std::make_shared<NondigitsJob>();
  cmd->add_option("--mnist", job->mnist, kMnistHelp);
  cmd->add_option("--out", job->out, "Output folder")->required();
  cmd->add_option("--n", job->n, "Number of non-digits (types i mod 11, permuted)")->capture_default_str();
  add_seed_option(*cmd, job->seed, "Seed of the random stream");
  add_parsed(*cmd, "--scale", job->scale, parse_nondigit_scale,
             "inputs32.npy pixel scale: 255 (the study's code) or unit (÷255; docs/method.md §10 row 19)",
             nondigit_scale_name(job->scale));
  cmd->add_option("--grid-cols", job->grid_cols, "Examples per type in grid.png")->capture_default_str();
  cmd->callback([job]() {
    write_nondigit_folder(*job);
    std::printf("wrote %lld non-digits to %s (images.npy, types.npy, sources.npy, inputs32.npy, grid.png)\n",
                static_cast<long long>(job->n), job->out.c_str());
  });
}

RBMDYN_REGISTER_COMMAND(50, add_nondigits_command);

}  // namespace rbmdyn::cli
