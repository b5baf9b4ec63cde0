#pragma once
// The classifier's data (docs/method.md §6.2): the seeded 54000/6000 split of the MNIST training set, the
// training set of digits + synthetic non-digits, and the conversion of 28×28 uint8 images into the
// network's 32×32 float inputs.
#include <cstdint>
#include <vector>

#include "host/data/mnist.hpp"

namespace rbmdyn {

// Images kept as 28×28 uint8 (the resize is done per batch, which keeps the 113400-image training
// set at 89 MB instead of 464 MB of floats).
struct ClassifierData {
  std::vector<uint8_t> pixels;  // [count, 784], 0..255
  std::vector<uint8_t> labels;  // [count], 0..9 digits, 10 non-digit
  int64_t count() const { return static_cast<int64_t>(labels.size()); }
  void append(const ClassifierData& other);
};

// A permutation of 0..n_images−1 (Fisher–Yates with RandomStream{seed, classifier_split}, a = 0,
// b = 0, element = position): the first n_images − n_validation are for training, the rest validate.
struct ClassifierSplit {
  std::vector<int32_t> train;
  std::vector<int32_t> validation;
};
ClassifierSplit split_training_images(int64_t n_images, int64_t n_validation, uint64_t seed);

// The images `rows` of `source` with their digit labels.
ClassifierData select_digits(const MnistSplit& source, const std::vector<int32_t>& rows);
ClassifierData all_digits(const MnistSplit& source);

// 11·per_type non-digits (host/data/nondigits.hpp) made from `train` with `seed`, label 10.
ClassifierData make_nondigit_data(const MnistSplit& train, int64_t per_type, uint64_t seed);

// The network inputs [n, 1024] for rows `rows` of `data` (rows == nullptr: rows 0..n−1):
//   digits (label < 10): PIL bilinear 28→32 of the uint8 image, then ÷255 (§6.2);
//   non-digits (label 10): float bilinear (align_corners = False) of the pixel values, in [0, 1]
//   (pixel/255) or, with nondigit_scale_255, in 0..255 as the study's code had it (§10 row 19).
void prepare_inputs(const ClassifierData& data, const int32_t* rows, int64_t n, bool nondigit_scale_255, float* out);

}  // namespace rbmdyn
