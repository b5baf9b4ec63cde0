#include "host/biasing/derive_biasing.hpp"

#include <algorithm>
#include <chrono>

#include "host/core/descriptive.hpp"
#include "host/core/error.hpp"
#include "host/io/output_folder.hpp"
#include "host/core/study.hpp"
#include "host/data/mnist.hpp"
#include "host/util/run_info.hpp"
#include "host/util/run_record.hpp"

namespace rbmdyn {

DerivedBiasing derive_biasing(const Rbm& rbm, const float* images, const uint8_t* labels, int64_t n, uint64_t seed,
                              Backend backend, ReadoutMode mode, std::optional<int> k) {
  const LabelBiasing lb = compute_label_biasing(rbm, images, labels, n, seed, backend, mode);
  const int k_rule = k_from_lb(lb.lb, lb.n_hidden);
  DerivedBiasing out;
  out.set = make_biasing_vectors(lb.lb, lb.n_hidden, k ? *k : k_rule);

  const std::vector<double> act = step1_activity(lb.lb, lb.n_hidden);
  const MeanSem act_summary = mean_sem(act, kSemDdofPaperSummary);
  nlohmann::json overlap = nlohmann::json::object();
  for (std::size_t p = 0; p < out.set.pairs.size(); ++p)
    overlap[std::to_string(out.set.pairs[p][0]) + "-" + std::to_string(out.set.pairs[p][1])] = out.set.overlap[p];
  const auto [min_overlap, max_overlap] = std::minmax_element(out.set.overlap.begin(), out.set.overlap.end());
  out.summary = {{"k_rule", k_rule},
                 {"k_override", k.has_value()},
                 {"step1_active_percent", act},
                 {"step1_active_percent_mean", act_summary.mean},
                 {"step1_active_percent_sem", act_summary.sem},
                 {"step1_active_percent_sem_ddof", act_summary.ddof},
                 {"overlap", overlap},
                 {"overlap_min", *min_overlap},
                 {"overlap_max", *max_overlap},
                 {"class_counts", lb.class_counts},
                 {"readout", readout_mode_name(mode)},
                 {"readout_seed", seed},
                 {"readout_images", n},
                 {"vector_order", "lb 0-9, intersection 10-54, double 55-99; pairs a<b lexicographic"}};
  return out;
}

BiasingJobResult make_biasing_folder(const BiasingJob& job) {
  const auto t0 = std::chrono::steady_clock::now();
  const Rbm rbm = load_rbm(job.rbm);
  if (rbm.n_visible != kMnistPixels)
    fail_input(job.rbm.string() + ": the RBM has " + std::to_string(rbm.n_visible) + " visible units; MNIST needs " +
               std::to_string(kMnistPixels));
  if (job.k && (*job.k < 1 || *job.k > rbm.n_hidden))
    fail_input(quote_option("k") + " " + std::to_string(*job.k) + ": must be in 1.." + std::to_string(rbm.n_hidden) +
               " (the hidden units)");
  require_backend_available(job.backend);
  // Checked before the readout; written whole (the files of save_biasing_set).
  OutputFolder folder(job.out, "out",
                      owned_names({"lb.npy", "intersection.npy", "double.npy", "pairs.npy", "overlap.npy", "summary.json", "run.json"}));
  const auto dir = resolve_mnist_dir(job.mnist);
  const MnistSet train = load_mnist(dir, "train");
  const std::vector<float> images = train.split.to_unit_float();
  BiasingJobResult r;
  r.images = train.split.count();
  r.derived = derive_biasing(rbm, images.data(), train.split.labels.data(), r.images, job.seed, job.backend,
                             job.readout, job.k);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  nlohmann::json summary = r.derived.summary;
  summary.update({{"config",
                   {{"rbm", job.rbm.string()},
                    {"mnist", dir.string()},
                    {"images", r.images},
                    {"readout", readout_mode_name(job.readout)},
                    {"seed", job.seed},
                    {"device", backend_name(job.backend)},
                    {"k", job.k ? nlohmann::json(*job.k) : nlohmann::json("rule")}}},
                  {"seconds", r.seconds},
                  {"environment", run_environment()}});
  save_biasing_set(folder.staging(), r.derived.set, summary);
  write_run_record(folder.staging() / "run.json",
                   run_record("biasing", summary.at("config"),
                              {{"rbm", job.rbm, ""},
                               {"mnist train images", train.images.path, train.images.sha256},
                               {"mnist train labels", train.labels.path, train.labels.sha256}},
                              job.backend));
  folder.commit();
  return r;
}

}  // namespace rbmdyn
