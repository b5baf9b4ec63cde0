// rbmdyn nondigits: synthetic non-digits (method.md §6.2) as NPY files and a PNG grid, for inspection
// and for other tools. The classifier's trainer makes its own with the same function and seed rule.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "apps/rbmdyn/commands.hpp"
#include "host/classifier/dataset.hpp"
#include "host/core/error.hpp"
#include "host/data/mnist.hpp"
#include "host/data/nondigits.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/image_grid.hpp"
#include "host/io/npy.hpp"
#include "host/util/run_info.hpp"

namespace rbmdyn::cli {
namespace {

struct NondigitsArgs {
  std::optional<std::string> mnist;
  std::string out;
  int64_t n = 1100;
  uint64_t seed = 1;
  bool scale_255 = false;
  int grid_cols = 10;
};

void run(const NondigitsArgs& args) {
  if (args.n < 1 || args.n > 10'000'000) fail_input("--n " + std::to_string(args.n) + ": must be in 1..10000000");
  if (args.grid_cols < 1 || args.grid_cols > 100) fail_input("--grid-cols must be in 1..100");
  const auto dir = resolve_mnist_dir(args.mnist);
  const MnistSet train = load_mnist(dir, "train");
  const NondigitSet set = synthesize_nondigits(train.split, args.n, args.seed);
  const std::filesystem::path out = args.out;

  save_npy(out / "images.npy", set.pixels, {args.n, kMnistSide, kMnistSide});
  save_npy(out / "types.npy", set.types, {args.n});
  save_npy(out / "sources.npy", set.sources, {args.n});
  // The classifier's inputs for them: float bilinear 28→32, in [0, 1] (or 0..255 with --scale-255).
  const ClassifierData data{set.pixels, std::vector<uint8_t>(set.types.size(), kNonDigit)};
  std::vector<float> inputs(static_cast<std::size_t>(args.n) * 1024);
  prepare_inputs(data, nullptr, args.n, args.scale_255, inputs.data());
  save_npy(out / "inputs32.npy", inputs, {args.n, 32, 32});

  // Grid: one row per type (masked 0..9, then scrambled), up to grid_cols examples each.
  const int rows = 11, cols = args.grid_cols;
  std::vector<float> cells(static_cast<std::size_t>(rows * cols * kMnistPixels), std::numeric_limits<float>::quiet_NaN());
  std::vector<int> filled(11, 0);
  std::vector<int64_t> counts(11, 0);
  for (int64_t i = 0; i < args.n; ++i) {
    const int t = set.types[static_cast<std::size_t>(i)];
    ++counts[static_cast<std::size_t>(t)];
    if (filled[static_cast<std::size_t>(t)] >= cols) continue;
    float* cell = cells.data() + static_cast<std::size_t>((t * cols + filled[static_cast<std::size_t>(t)]++) * kMnistPixels);
    for (int k = 0; k < kMnistPixels; ++k) cell[k] = set.pixels[static_cast<std::size_t>(i * kMnistPixels + k)] / 255.0f;
  }
  GridLayout layout;
  layout.rows = rows;
  layout.cols = cols;
  write_image_grid_png(out / "grid.png", cells.data(), layout);

  nlohmann::json summary = {{"command", "nondigits"},
                            {"n", args.n},
                            {"seed", args.seed},
                            {"nondigit_scale_255", args.scale_255},
                            {"mnist", dir.string()},
                            {"counts_by_type", counts},
                            {"types", "0..9 = masked digit of that class, 10 = scrambled digit"},
                            {"files",
                             {{"images.npy", "uint8 [n, 28, 28], 0..255"},
                              {"types.npy", "uint8 [n]"},
                              {"sources.npy", "int32 [n], index into the MNIST training images"},
                              {"inputs32.npy", "float32 [n, 32, 32], the classifier inputs"},
                              {"grid.png", "one row per type (0..9 masked, 10 scrambled)"}}},
                            {"environment", run_environment()}};
  write_text_atomically(out / "nondigits.json", summary.dump(2) + "\n");
  std::printf("wrote %lld non-digits to %s (images.npy, types.npy, sources.npy, inputs32.npy, grid.png)\n",
              static_cast<long long>(args.n), out.c_str());
}

}  // namespace

void add_nondigits_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("nondigits", "Synthesize non-digit images (scrambled and masked digits, method.md §6.2)");
  auto args = std::make_shared<NondigitsArgs>();
  cmd->add_option("--mnist", args->mnist, "MNIST folder (default: $RBMDYN_MNIST)");
  cmd->add_option("--out", args->out, "Output folder")->required();
  cmd->add_option("--n", args->n, "Number of non-digits (types i mod 11, permuted)")->capture_default_str();
  cmd->add_option("--seed", args->seed, "Seed of the random stream")->capture_default_str();
  cmd->add_flag("--scale-255", args->scale_255, "inputs32.npy in 0..255 as in the study's code (default [0, 1])");
  cmd->add_option("--grid-cols", args->grid_cols, "Examples per type in grid.png")->capture_default_str();
  cmd->callback([args]() { run(*args); });
}

RBMDYN_REGISTER_COMMAND(50, add_nondigits_command);

}  // namespace rbmdyn::cli
