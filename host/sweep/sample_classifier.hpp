#pragma once
// What a sweep needs from the digit classifier: a label (0–9, 10 = non-digit) and the renormalised
// digit entropy (method.md §6.4, §7.6) for each RBM sample of a step, computed where the samples are.
#include <cstdint>
#include <string>

#include "host/runtime/device.hpp"

namespace rbmdyn {

class SampleClassifier {
 public:
  virtual ~SampleClassifier() = default;
  virtual Backend backend() const = 0;
  // images [n, 784] in [0, 1] (28×28 RBM visible states) → pred [n] and entropy [n]. All three arrays
  // live in the backend's memory (device memory for CUDA, work enqueued on `stream`, a cudaStream_t,
  // without a host synchronisation; host memory and stream = nullptr for the CPU).
  virtual void classify(const float* images, int64_t n, uint8_t* pred, float* entropy, void* stream) = 0;
  // Backend, math mode, algorithms: recorded in the sweep's config.json.
  virtual std::string description() const = 0;
};

}  // namespace rbmdyn
