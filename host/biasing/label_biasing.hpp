#pragma once
// Label biasing (method.md §3): the readout of a trained RBM over labelled images, giving one hidden
// vector per class, H_LB(c) = the class-conditional mean of the readout hidden states. This equals the
// authors' "inverse classifier" (Hᵀ·pinv(L))ᵀ exactly for one-hot L (§3.2) and is computed as class
// means in double precision. From H_LB follow the step-1 activity per digit (§4.3) and k (§5.1).
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "host/core/study.hpp"
#include "host/rbm/rbm_model.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn {

// What one image contributes to its class mean (method.md §10 #7).
enum class ReadoutMode {
  sampled,        // H = Bern(σ(X·W + b_h)), one draw per image (the study's choice)
  probabilities,  // H = σ(X·W + b_h)
};
ReadoutMode parse_readout_mode(const std::string& text, const std::string& option_name = "readout");
const char* readout_mode_name(ReadoutMode mode);

struct LabelBiasing {
  int64_t n_hidden = 0;
  std::vector<float> lb;                         // [10, n_hidden] H_LB(c), values in [0, 1]
  std::array<int64_t, kNumDigits> class_counts{};  // images per class (n_c)
};

// The readout of §3.1–3.2 over `n` images [n, n_visible] with labels in 0..9. Hidden draws come from
// (seed, readout_hidden, a = image index, b = 0, element = hidden unit), so CPU and CUDA draw the same
// numbers; their means differ only where the GEMM's rounding flips a draw (u within ~1e-7 of p).
// InputError when a label is out of range or a class has no image. Two implementations of one
// interface: label_biasing_cpu.cpp (the reference) and label_biasing_cuda.cpp; each keeps its own copy
// of the RBM (on the device for CUDA), so one engine serves several readouts.
class LabelBiasingEngine {
 public:
  virtual ~LabelBiasingEngine() = default;
  virtual LabelBiasing readout(const float* images, const uint8_t* labels, int64_t n, uint64_t seed,
                               ReadoutMode mode) = 0;
};
// InputError when the backend is not available.
std::unique_ptr<LabelBiasingEngine> make_label_biasing_engine(Backend backend, const Rbm& rbm);
std::unique_ptr<LabelBiasingEngine> make_label_biasing_engine_cpu(const Rbm& rbm);
#ifdef RBMDYN_HAVE_CUDA
std::unique_ptr<LabelBiasingEngine> make_label_biasing_engine_cuda(const Rbm& rbm);
#endif

// One readout: make_label_biasing_engine(backend, rbm)->readout(...).
LabelBiasing compute_label_biasing(const Rbm& rbm, const float* images, const uint8_t* labels, int64_t n,
                                   uint64_t seed, Backend backend, ReadoutMode mode = ReadoutMode::sampled);

// H_LB(c) = sums[c, :] / class_counts[c] as float (sums [10, n_hidden] in double, both backends).
std::vector<float> class_means(const std::vector<double>& sums, const std::array<int64_t, kNumDigits>& class_counts,
                               int64_t n_hidden);

// Images per class; InputError when a label is not 0..9 or a class has no image.
std::array<int64_t, kNumDigits> readout_class_counts(const uint8_t* labels, int64_t n);

// % active hidden units at step 1 for each digit's LB vector: 100 · mean_j H_LB(c)_j (method.md §4.3).
std::vector<double> step1_activity(const std::vector<float>& lb, int64_t n_hidden);

// The rule of method.md §5.1 (k_rule, host/core/study.hpp) applied to the mean over the digits of
// step1_activity(lb): k = floor(n_hidden · mean over digits and units of H_LB) (149 for the authors' RBM
// with 1000 hidden units).
int k_from_lb(const std::vector<float>& lb, int64_t n_hidden);

}  // namespace rbmdyn
