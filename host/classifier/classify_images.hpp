#pragma once
// `rbmdyn classify`: label the images of an NPY file with a trained classifier (method.md §6.4, §7.6)
// and write classes.npy (uint8 [n]), entropy.npy (float32 [n]), optionally probs.npy (float32 [n, 11])
// and summary.json into a folder.
//
// Input: [N, 784] / [N, 28, 28] samples (float32/float64 in [0, 1], or uint8 ÷ 255), resized 28→32 by
// torch bicubic (RBM samples, §6.4) or, for uint8 digits, by PIL bilinear as in training; or [N, 1024] /
// [N, 32, 32] inputs already prepared.
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
};

// InputError naming the option or file for bad options or inputs.
ClassifyResult classify_images(const ClassifyJob& job);

}  // namespace rbmdyn
