#include "host/classifier/nondigit_folder.hpp"

#include <limits>
#include <nlohmann/json.hpp>
#include <vector>

#include "host/classifier/dataset.hpp"
#include "host/core/error.hpp"
#include "host/io/output_folder.hpp"
#include "host/core/study.hpp"
#include "host/data/mnist.hpp"
#include "host/data/nondigits.hpp"
#include "host/io/atomic_file.hpp"
#include "host/io/image_grid.hpp"
#include "host/io/npy.hpp"
#include "host/util/run_info.hpp"
#include "host/util/run_record.hpp"

namespace rbmdyn {

void write_nondigit_folder(const NondigitsJob& job) {
  if (job.n < 1 || job.n > 10'000'000)
    fail_input(quote_option("n") + " " + std::to_string(job.n) + ": must be in 1..10000000");
  if (job.grid_cols < 1 || job.grid_cols > 100) fail_input(quote_option("grid_cols") + " must be in 1..100");
  check_output_folder(job.out, "out");
  const auto dir = resolve_mnist_dir(job.mnist);
  const MnistSet train = load_mnist(dir, "train");
  const NondigitSet set = synthesize_nondigits(train.split, job.n, job.seed);
  const std::filesystem::path& out = job.out;

  save_npy(out / "images.npy", set.pixels, {job.n, kMnistSide, kMnistSide});
  save_npy(out / "types.npy", set.types, {job.n});
  save_npy(out / "sources.npy", set.sources, {job.n});
  // The classifier's inputs for them: float bilinear 28→32, on the scale the classifier trains with.
  const ClassifierData data{set.pixels, std::vector<uint8_t>(set.types.size(), kNonDigit)};
  std::vector<float> inputs(static_cast<std::size_t>(job.n) * 1024);
  prepare_inputs(data, nullptr, job.n, job.scale, inputs.data());
  save_npy(out / "inputs32.npy", inputs, {job.n, 32, 32});

  // Grid: one row per type (masked 0..9, then scrambled), up to grid_cols examples each.
  const int rows = 11, cols = job.grid_cols;
  std::vector<float> cells(static_cast<std::size_t>(rows * cols * kMnistPixels),
                           std::numeric_limits<float>::quiet_NaN());
  std::vector<int> filled(11, 0);
  std::vector<int64_t> counts(11, 0);
  for (int64_t i = 0; i < job.n; ++i) {
    const int t = set.types[static_cast<std::size_t>(i)];
    ++counts[static_cast<std::size_t>(t)];
    if (filled[static_cast<std::size_t>(t)] >= cols) continue;
    float* cell = cells.data() + static_cast<std::size_t>((t * cols + filled[static_cast<std::size_t>(t)]++) * kMnistPixels);
    for (int k = 0; k < kMnistPixels; ++k) cell[k] = set.pixels[static_cast<std::size_t>(i * kMnistPixels + k)] / 255.0f;
  }
  GridLayout layout;
  layout.rows = rows;
  layout.cols = cols;
  GridLabels labels;
  labels.title = "synthetic non-digits (class 10 of the classifier), " + std::to_string(cols) + " per type";
  labels.legend = "rows: type. cells: pixel / 255, 0 black, 1 white. grey: no example";
  for (int t = 0; t < kNumDigits; ++t) labels.row_labels.push_back("masked " + std::to_string(t));
  labels.row_labels.push_back("scrambled");
  write_labelled_grid_png(out / "grid.png", cells.data(), layout, labels);

  nlohmann::json summary = {{"command", "nondigits"},
                            {"n", job.n},
                            {"seed", job.seed},
                            {"nondigit_scale", nondigit_scale_name(job.scale)},
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
  const nlohmann::json options = {{"n", job.n}, {"seed", job.seed}, {"nondigit_scale", nondigit_scale_name(job.scale)},
                                  {"grid_cols", job.grid_cols},
                                  {"mnist", std::filesystem::absolute(dir).lexically_normal().string()}};
  write_run_record(out / "run.json", run_record("nondigits", options,
                                                {{"mnist train images", train.images.path, train.images.sha256},
                                                 {"mnist train labels", train.labels.path, train.labels.sha256}},
                                                Backend::cpu));
}

}  // namespace rbmdyn
