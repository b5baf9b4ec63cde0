#pragma once
// DigitClassifier: a loaded classifier ready to label RBM samples, on the CPU or a GPU (docs/method.md
// §6.4, §7.6). This is the call the sweep makes once per Gibbs step. One interface, two
// implementations (digit_classifier_cpu.cpp, digit_classifier_cuda.cpp) on the two networks of
// host/classifier/network.hpp; tests may stand in their own.
//
//   auto clf = load_digit_classifier("classifier.safetensors", Backend::cuda);
//   clf->classify_samples(v_dev, n, pred_dev, entropy_dev, nullptr, stream);   // no host sync
//
// classify_samples: images [n, 784] (28×28 row-major, values in [0, 1]) → bicubic 28→32 (§6.4,
// unclamped; options.sample_resize = bilinear is the §10 row 18 variant) → eval-mode forward (BN
// running statistics, no dropout) → for each image
//   pred[i]     uint8, argmax of the 11 softmax outputs (first on ties; 10 = non-digit),
//   entropy[i]  float, the renormalised digit entropy of §7.6 (natural log),
//   probs[i,:]  float [n, 11], the softmax outputs (optional: pass nullptr to skip).
// All pointers are in the backend's memory space: host for Backend::cpu, device for Backend::cuda
// (then the work is enqueued on `stream`, the host is not synchronised and the pointers must stay
// valid until the stream reaches that point). Any n ≥ 0: images are processed internally in batches
// of options.batch (the CUDA buffers are allocated once, at construction).
//
// A DigitClassifier is not thread-safe, and the CUDA one owns its device buffers: use it from one
// thread, with one stream at a time (calls on different streams must be ordered by the caller).
// Measured CPU throughput (small network, 10000 samples, AMD EPYC 2 cores): 14000 images/s
// (7400 on one core).
//
// The CPU and CUDA paths compute the same function; the CUDA path may differ in the last bits
// (cuDNN/cuBLAS reduction order, TF32 when MathMode::tf32), so a prediction can flip only where the
// two top probabilities are within rounding of each other.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "host/classifier/model.hpp"
#include "host/data/resize.hpp"
#include "host/runtime/cuda_math.hpp"
#include "host/runtime/device.hpp"
#include "host/runtime/stream.hpp"

namespace rbmdyn {

struct DigitClassifierOptions {
  int64_t batch = 0;     // images per internal forward pass; 0 = 256 on the CPU, 2048 on CUDA
  CudaMathOptions cuda;  // CUDA only
  // How classify_samples brings 28×28 samples to 32×32: bicubic as the authors' code (§6.4), or the
  // training digits' bilinear (§10 row 18 variant).
  SampleResize sample_resize = SampleResize::bicubic;
};

class DigitClassifier {
 public:
  virtual ~DigitClassifier() = default;
  DigitClassifier(const DigitClassifier&) = delete;
  DigitClassifier& operator=(const DigitClassifier&) = delete;

  const ClassifierArch& arch() const { return arch_; }
  Backend backend() const { return backend_; }
  int64_t batch() const { return batch_; }
  // Backend, math mode and (CUDA) the chosen cuDNN algorithms: recorded with every sweep.
  virtual std::string description() const = 0;

  // See the header comment. images [n, 784]; pred [n]; entropy [n]; probs [n, classes] or nullptr.
  void classify_samples(const float* images, int64_t n, uint8_t* pred, float* entropy, float* probs = nullptr,
                        StreamHandle stream = nullptr);
  // The same from already prepared inputs x [n, 1024] (32×32), e.g. digits resized as in training.
  void classify_prepared(const float* x, int64_t n, uint8_t* pred, float* entropy, float* probs = nullptr,
                         StreamHandle stream = nullptr);

  // Host arrays on either backend (the CUDA backend copies through device buffers chunk by chunk and
  // returns when the results are on the host). Same layouts as classify_samples/classify_prepared.
  void classify_samples_host(const float* images, int64_t n, uint8_t* pred, float* entropy, float* probs = nullptr);
  void classify_prepared_host(const float* x, int64_t n, uint8_t* pred, float* entropy, float* probs = nullptr);

 protected:
  DigitClassifier(ClassifierArch arch, Backend backend, int64_t batch);
  // n > 0. prepared = false: `x` holds 28×28 samples [n, 784] to resize (options.sample_resize);
  // true: 32×32 inputs [n, 1024]. Pointers in the backend's memory space.
  virtual void classify(const float* x, int64_t n, bool prepared, uint8_t* pred, float* entropy, float* probs,
                        StreamHandle stream) = 0;
  // The same with host arrays (on the CPU simply classify).
  virtual void classify_host(const float* x, int64_t n, bool prepared, uint8_t* pred, float* entropy, float* probs) {
    classify(x, n, prepared, pred, entropy, probs, nullptr);
  }

 private:
  ClassifierArch arch_;
  Backend backend_;
  int64_t batch_;
};

// InputError, naming `source` (the model's file; empty for a model built in memory), unless the model can
// label RBM samples: 1×32×32 inputs, ≥ 11 classes.
void check_labels_rbm_samples(const ClassifierModel& model, const std::string& source = "");
// Checks that the model can label RBM samples (check_labels_rbm_samples); the CUDA backend needs a device.
std::unique_ptr<DigitClassifier> make_digit_classifier(const ClassifierModel& model, Backend backend,
                                                       const DigitClassifierOptions& options = {});
// Loads and validates the file (InputError naming it otherwise), then make_digit_classifier.
std::unique_ptr<DigitClassifier> load_digit_classifier(const std::filesystem::path& path, Backend backend,
                                                       const DigitClassifierOptions& options = {});
std::unique_ptr<DigitClassifier> make_digit_classifier_cpu(const ClassifierModel& model,
                                                           const DigitClassifierOptions& options);
#ifdef RBMDYN_HAVE_CUDA
std::unique_ptr<DigitClassifier> make_digit_classifier_cuda(const ClassifierModel& model,
                                                            const DigitClassifierOptions& options);
#endif

}  // namespace rbmdyn
