#include "host/classifier/dataset.hpp"

#include <algorithm>
#include <string>

#include "host/core/error.hpp"
#include "host/core/random.hpp"
#include "host/data/nondigits.hpp"
#include "host/data/resize.hpp"

namespace rbmdyn {

void ClassifierData::append(const ClassifierData& other) {
  pixels.insert(pixels.end(), other.pixels.begin(), other.pixels.end());
  labels.insert(labels.end(), other.labels.begin(), other.labels.end());
}

ClassifierSplit split_training_images(int64_t n_images, int64_t n_validation, uint64_t seed) {
  if (n_validation < 1 || n_validation >= n_images)
    fail_input("validation size " + std::to_string(n_validation) + " must be in 1.." + std::to_string(n_images - 1));
  const std::vector<int32_t> perm =
      random_permutation(n_images, RandomStream{seed, RngPurpose::classifier_split}, 0, 0);
  ClassifierSplit split;
  split.train.assign(perm.begin(), perm.end() - n_validation);
  split.validation.assign(perm.end() - n_validation, perm.end());
  return split;
}

ClassifierData select_digits(const MnistSplit& source, const std::vector<int32_t>& rows) {
  ClassifierData d;
  d.pixels.resize(rows.size() * kMnistPixels);
  d.labels.resize(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto r = static_cast<std::size_t>(rows[i]);
    RBMDYN_CHECK(r < static_cast<std::size_t>(source.count()), "digit row out of range");
    std::copy_n(source.pixels.begin() + static_cast<std::ptrdiff_t>(r * kMnistPixels), kMnistPixels,
                d.pixels.begin() + static_cast<std::ptrdiff_t>(i * kMnistPixels));
    d.labels[i] = source.labels[r];
  }
  return d;
}

ClassifierData all_digits(const MnistSplit& source) { return ClassifierData{source.pixels, source.labels}; }

ClassifierData make_nondigit_data(const MnistSplit& train, int64_t per_type, uint64_t seed) {
  if (per_type < 0) fail_input("non-digits per type must be ≥ 0, got " + std::to_string(per_type));
  NondigitSet set = synthesize_nondigits(train, 11 * per_type, seed);
  ClassifierData d;
  d.pixels = std::move(set.pixels);
  d.labels.assign(set.types.size(), kNonDigit);
  return d;
}

void prepare_inputs(const ClassifierData& data, const int32_t* rows, int64_t n, bool nondigit_scale_255, float* out) {
  const PilBilinearTable table = pil_bilinear_table();
#pragma omp parallel for schedule(static)
  for (int64_t i = 0; i < n; ++i) {
    const int64_t r = rows ? rows[i] : i;
    const uint8_t* img = data.pixels.data() + r * kMnistPixels;
    float* o = out + i * kResizeOutPixels;
    if (data.labels[static_cast<std::size_t>(r)] < kNumDigits) {
      for (int y = 0; y < kResizeOutSide; ++y)
        for (int x = 0; x < kResizeOutSide; ++x)
          o[y * kResizeOutSide + x] = static_cast<float>(pil_bilinear_pixel(img, table, y, x)) / 255.0f;
    } else {
      float f[kMnistPixels];
      for (int k = 0; k < kMnistPixels; ++k)
        f[k] = nondigit_scale_255 ? static_cast<float>(img[k]) : static_cast<float>(img[k]) / 255.0f;
      for (int y = 0; y < kResizeOutSide; ++y)
        for (int x = 0; x < kResizeOutSide; ++x) o[y * kResizeOutSide + x] = torch_bilinear_pixel(f, y, x);
    }
  }
}

}  // namespace rbmdyn
