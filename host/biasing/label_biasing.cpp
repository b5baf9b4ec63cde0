#include "host/biasing/label_biasing.hpp"

#include <algorithm>
#include <cmath>

#include "host/core/descriptive.hpp"
#include "host/core/error.hpp"

namespace rbmdyn {

ReadoutMode parse_readout_mode(const std::string& text, const std::string& option_name) {
  if (text == "sampled") return ReadoutMode::sampled;
  if (text == "probabilities") return ReadoutMode::probabilities;
  fail_input(quote_option(option_name) + " " + text + ": expected sampled or probabilities");
}

const char* readout_mode_name(ReadoutMode mode) {
  return mode == ReadoutMode::sampled ? "sampled" : "probabilities";
}

std::array<int64_t, kNumDigits> readout_class_counts(const uint8_t* labels, int64_t n) {
  std::array<int64_t, kNumDigits> counts{};
  for (int64_t i = 0; i < n; ++i) {
    if (labels[i] >= kNumDigits)
      fail_input("readout labels: label " + std::to_string(labels[i]) + " of image " + std::to_string(i) +
                 " is not a digit 0..9");
    ++counts[labels[i]];
  }
  for (int c = 0; c < kNumDigits; ++c)
    if (counts[static_cast<std::size_t>(c)] == 0)
      fail_input("readout images: digit " + std::to_string(c) + " has no image, so H_LB(" + std::to_string(c) +
                 ") is undefined");
  return counts;
}

std::unique_ptr<LabelBiasingEngine> make_label_biasing_engine(Backend backend, const Rbm& rbm) {
  require_backend_available(backend);
  if (backend == Backend::cpu) return make_label_biasing_engine_cpu(rbm);
#ifdef RBMDYN_HAVE_CUDA
  return make_label_biasing_engine_cuda(rbm);
#else
  fail_no_cuda_build();
#endif
}

LabelBiasing compute_label_biasing(const Rbm& rbm, const float* images, const uint8_t* labels, int64_t n,
                                   uint64_t seed, Backend backend, ReadoutMode mode) {
  return make_label_biasing_engine(backend, rbm)->readout(images, labels, n, seed, mode);
}

std::vector<float> class_means(const std::vector<double>& sums, const std::array<int64_t, kNumDigits>& class_counts,
                               int64_t n_hidden) {
  std::vector<float> lb(sums.size());
  for (int c = 0; c < kNumDigits; ++c)
    for (int64_t j = 0; j < n_hidden; ++j)
      lb[static_cast<std::size_t>(c * n_hidden + j)] = static_cast<float>(
          sums[static_cast<std::size_t>(c * n_hidden + j)] / static_cast<double>(class_counts[static_cast<std::size_t>(c)]));
  return lb;
}

std::vector<double> step1_activity(const std::vector<float>& lb, int64_t n_hidden) {
  RBMDYN_CHECK(n_hidden > 0 && lb.size() == static_cast<std::size_t>(kNumDigits * n_hidden),
               "H_LB must be [10, n_hidden]");
  std::vector<double> act(kNumDigits);
  for (int c = 0; c < kNumDigits; ++c) {
    double sum = 0.0;
    for (int64_t j = 0; j < n_hidden; ++j) sum += lb[static_cast<std::size_t>(c * n_hidden + j)];
    act[static_cast<std::size_t>(c)] = 100.0 * sum / static_cast<double>(n_hidden);
  }
  return act;
}

int k_from_lb(const std::vector<float>& lb, int64_t n_hidden) {
  return k_rule(mean(step1_activity(lb, n_hidden)), n_hidden);
}

}  // namespace rbmdyn
