#pragma once
// `rbmdyn classify`: label the images of an NPY file with a trained classifier (docs/method.md §6.4, §7.6)
// and write classes.npy (uint8 [lead...]), entropy.npy (float32 [lead...]), optionally probs.npy
// (float32 [lead..., 11]) and summary.json into a folder, where [lead...] is the images' shape before
// the image dimensions: [N] for [N, 784], [V, C, K] for generate's visible.npy [V, C, K, 784]. For the
// latter, the generate folder's kept_steps.npy is copied beside them (which step each K index is).
//
// Input: [..., 784] / [..., 28, 28] samples (float32/float64 in [0, 1], or uint8 ÷ 255), resized 28→32 by
// torch bicubic (RBM samples, §6.4) or, for uint8 digits, by PIL bilinear as in training; or [N, 1024] /
// [..., 32, 32] inputs already prepared.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "host/classifier/digit_classifier.hpp"

namespace rbmdyn {

struct ClassifyJob {
  std::filesystem::path classifier;  // .safetensors from train-classifier
  std::filesystem::path images;      // the NPY file
  std::filesystem::path out;
  Backend backend = Backend::cpu;
  std::string resize = "bicubic";  // bicubic (RBM samples, §6.4) or pil-bilinear (uint8 digits, as in training)
  DigitClassifierOptions options;  // images per forward pass (0 = the backend's default), CUDA arithmetic
  bool probs = false;              // also write the 11 softmax outputs per image
};

struct ClassifyResult {
  int64_t n = 0;
  double seconds = 0;                // classification only
  std::vector<int64_t> counts;       // images per class, [classes]
  double nondigit_fraction = 0;
  double mean_entropy = 0;
  std::vector<int32_t> kept_steps;   // 1-based steps of the last leading axis (generate's visible.npy), else empty
};

// InputError naming the option or file for bad options or inputs.
ClassifyResult classify_images(const ClassifyJob& job);

}  // namespace rbmdyn
