// The CUDA sweep (Gibbs engine + device-resident classification + device metric reduction) against the
// CPU sweep (label gpu; skipped without a device; needs MNIST).
//
// The models are trained here, on the GPU, in seconds: a 784×48 RBM (3 CD-1 epochs on 2000 MNIST
// digits), its label-biasing vectors, and the small classifier (300 SGD steps on digits and
// non-digits). A random-weight classifier would answer nearly the same class for every image, so label
// agreement would prove little; the trained one labels the generated images diversely (checked).
//
// Tolerance: the two sweeps draw the same random numbers and compute the same functions; they differ
// by GEMM/cuDNN rounding (TF32 off), which flips a Bernoulli draw or an argmax between near-equal
// classes only rarely (≈0.02 hidden-draw flips expected over the 230k draws here), after which that one
// chain follows another path. So ≥ 99 % of labels must agree; the activity (% active hidden units) of
// steps whose hidden states match is bit-identical, so ≥ 99 % of it must be equal too; entropies agree
// to float rounding where the labels agree; the kept example images (mean-field visible probabilities)
// agree to GEMM rounding (1e-4 bounds σ of pre-activations that differ by ~1e-6). The metrics the device reduced must equal those recomputed on the host from
// the downloaded labels exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "host/biasing/biasing_set.hpp"
#include "host/biasing/label_biasing.hpp"
#include "host/classifier/digit_classifier.hpp"
#include "host/classifier/network.hpp"
#include "host/classifier/trainer.hpp"
#include "host/core/random.hpp"
#include "host/data/mnist.hpp"
#include "host/data/nondigits.hpp"
#include "host/rbm/cd1_engine.hpp"
#include "host/sweep/sweep.hpp"
#include "host/sweep/sweep_analysis.hpp"
#include "tests/support/test_support.hpp"
#include "tests/sweep/sweep_fixture.hpp"

namespace rbmdyn {
namespace {

struct TrainedModels {
  Rbm rbm;
  BiasingSet biasing;
  ClassifierModel classifier;
};

Rbm train_small_rbm(const MnistSplit& train) {
  Cd1Config config;
  config.n_hidden = 48;
  const int64_t n = 2000;
  const std::vector<float> data = train.to_unit_float(0, n);
  auto engine = make_cd1_engine(Backend::cuda, config, Cd1State::fresh(784, config), data.data(), n);
  for (int epoch = 0; epoch < 3; ++epoch) engine->train_epoch(epoch, cd1_epoch_order(config, n, epoch));
  return engine->state().rbm;
}

ClassifierModel train_small_classifier(const MnistSplit& train) {
  ClassifierTrainConfig config = ClassifierTrainConfig::small();
  config.train_limit = 6000;
  config.nondigits_per_type = 300;
  config.heldout_nondigits_per_type = 0;
  const ClassifierTrainingData data = build_training_data(train, nullptr, config);
  NetworkOptions o;
  o.lr = config.lr;
  o.max_batch = config.batch_size;
  auto engine = make_classifier_network(Backend::cuda, ClassifierModel::initialized(ClassifierArch::small(), 3), o);
  const int64_t B = config.batch_size, n = data.train.count();
  const std::vector<int32_t> order = random_permutation(n, RandomStream{7, RngPurpose::classifier_shuffle}, 0, 0);
  std::vector<float> x(static_cast<std::size_t>(B * 1024));
  std::vector<uint8_t> y(static_cast<std::size_t>(B));
  for (int64_t it = 0; it < 300; ++it) {
    const int32_t* rows = order.data() + (it * B) % (n - B);
    prepare_inputs(data.train, rows, B, false, x.data());
    for (int64_t r = 0; r < B; ++r) y[static_cast<std::size_t>(r)] = data.train.labels[static_cast<std::size_t>(rows[r])];
    engine->enqueue_train_step(x.data(), y.data(), B, static_cast<uint32_t>(it));
  }
  (void)engine->take_step_stats();
  return engine->model();
}

const TrainedModels& trained_models(const std::filesystem::path& mnist) {
  static const TrainedModels models = [&] {
    const MnistSet train = load_mnist(mnist, "train");
    TrainedModels m;
    m.rbm = train_small_rbm(train.split);
    const int64_t n = 6000;
    const std::vector<float> images = train.split.to_unit_float(0, n);
    const LabelBiasing lb = compute_label_biasing(m.rbm, images.data(), train.split.labels.data(), n, 5, Backend::cuda);
    m.biasing = make_biasing_vectors(lb.lb, m.rbm.n_hidden, 8);
    m.classifier = train_small_classifier(train.split);
    return m;
  }();
  return models;
}

SweepRun sweep_on(Backend backend, const TrainedModels& m) {
  SweepOptions o = test::small_options();
  o.backend = backend;
  DigitClassifierOptions copts;
  copts.cuda.math = MathMode::fp32;
  const auto clf = make_digit_classifier(m.classifier, backend, copts);
  return run_sweep(m.rbm, m.biasing, *clf, o);
}

template <class T>
double fraction_equal(const std::vector<T>& a, const std::vector<T>& b) {
  std::size_t same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  return static_cast<double>(same) / static_cast<double>(a.size());
}

TEST(SweepCuda, MatchesTheCpuSweep) {
  RBMDYN_REQUIRE_GPU();
  RBMDYN_REQUIRE_MNIST(mnist);
  const TrainedModels& m = trained_models(mnist);
  const SweepRun cpu = sweep_on(Backend::cpu, m);
  const SweepRun gpu = sweep_on(Backend::cuda, m);
  ASSERT_EQ(cpu.data.pred.size(), gpu.data.pred.size());
  ASSERT_EQ(cpu.data.activity.size(), gpu.data.activity.size());
  ASSERT_EQ(cpu.data.entropy.size(), gpu.data.entropy.size());
  // The labels must vary, or agreeing on them proves nothing.
  std::vector<int> count(11, 0);
  for (uint8_t p : cpu.data.pred) ++count[p];
  int common = 0;
  for (int c : count) common += c >= static_cast<int>(cpu.data.pred.size() / 50) ? 1 : 0;
  EXPECT_GE(common, 3) << "the trained classifier should give at least 3 classes ≥ 2 % each";

  EXPECT_GE(fraction_equal(cpu.data.pred, gpu.data.pred), 0.99);
  EXPECT_GE(fraction_equal(cpu.data.activity, gpu.data.activity), 0.99) << "activity is an exact count";
  double worst_entropy = 0;
  for (std::size_t i = 0; i < cpu.data.entropy.size(); ++i)
    if (cpu.data.pred[i] == gpu.data.pred[i] && cpu.data.activity[i] == gpu.data.activity[i])
      worst_entropy = std::max(worst_entropy, std::fabs(static_cast<double>(cpu.data.entropy[i]) - gpu.data.entropy[i]));
  EXPECT_LT(worst_entropy, 1e-3) << "entropy where both sweeps are on the same path";
  // Kept example images (mean-field visible probabilities at steps 0, 1, 11): GEMM rounding only.
  ASSERT_EQ(cpu.data.examples.size(), gpu.data.examples.size());
  EXPECT_LT(test::max_abs_diff(cpu.data.examples, gpu.data.examples), 1e-4);
}

TEST(SweepCuda, DeviceReducedMetricsEqualHostReducedMetrics) {
  RBMDYN_REQUIRE_GPU();
  RBMDYN_REQUIRE_MNIST(mnist);
  const SweepRun gpu = sweep_on(Backend::cuda, trained_models(mnist));
  const SweepAnalysis host = analyze_sweep(gpu.data);  // the CPU reduction of the same labels
  ASSERT_EQ(host.sets.size(), gpu.analysis.sets.size());
  for (std::size_t s = 0; s < host.sets.size(); ++s) {
    const auto& a = host.sets[s].analysis.reduction;
    const auto& b = gpu.analysis.sets[s].analysis.reduction;
    EXPECT_EQ(a.visited, b.visited);
    EXPECT_EQ(a.runs, b.runs);
    EXPECT_EQ(a.state_time, b.state_time);
    EXPECT_EQ(a.transitions, b.transitions);
    EXPECT_EQ(a.correct, b.correct);
    EXPECT_EQ(host.sets[s].analysis.entropy->overall.mean, gpu.analysis.sets[s].analysis.entropy->overall.mean);
  }
}

}  // namespace
}  // namespace rbmdyn
