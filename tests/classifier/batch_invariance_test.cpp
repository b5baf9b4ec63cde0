// CPU inference does not depend on how images are batched: every forward GEMM is cpu_sgemm (one
// sequential FMA chain per element, whatever the row count; host/blas/cpu_blas.hpp), batch norm in
// eval mode uses the running statistics, and softmax / entropy are per image. So classifying the same
// images in batches of 1, 7 and 64 gives the same classes, entropies and probabilities, bit for bit —
// what makes `merge` equal an unsharded sweep exactly.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "host/classifier/digit_classifier.hpp"
#include "host/core/random.hpp"

namespace rbmdyn {
namespace {

struct Labels {
  std::vector<uint8_t> pred;
  std::vector<float> entropy, probs;
};

Labels classify_in_batches(const ClassifierModel& model, const std::vector<float>& images, int64_t n, int64_t batch) {
  DigitClassifierOptions options;
  options.batch = batch;
  const auto clf = make_digit_classifier(model, Backend::cpu, options);
  Labels out{std::vector<uint8_t>(static_cast<std::size_t>(n)), std::vector<float>(static_cast<std::size_t>(n)),
             std::vector<float>(static_cast<std::size_t>(n * 11))};
  clf->classify_samples_host(images.data(), n, out.pred.data(), out.entropy.data(), out.probs.data());
  return out;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

TEST(ClassifierInference, BatchSizeChangesNoBit) {
  const int64_t n = 64;
  const RandomStream rng{21, RngPurpose::nondigit};
  std::vector<float> images(static_cast<std::size_t>(n * 784));
  for (std::size_t i = 0; i < images.size(); ++i)
    images[i] = uniform_from_bits(rng.bits(static_cast<uint32_t>(i / 784), 3, static_cast<uint32_t>(i % 784)));
  const ClassifierModel model = ClassifierModel::initialized(ClassifierArch::small(), 4);
  const Labels one = classify_in_batches(model, images, n, 1);
  for (const int64_t batch : {int64_t{7}, int64_t{64}}) {
    const Labels other = classify_in_batches(model, images, n, batch);
    EXPECT_EQ(other.pred, one.pred) << "batch " << batch;
    EXPECT_TRUE(same_bits(other.entropy, one.entropy)) << "batch " << batch;
    EXPECT_TRUE(same_bits(other.probs, one.probs)) << "batch " << batch;
  }
  // Not vacuous: the images get different outputs (a constant network would pass trivially).
  EXPECT_NE(one.probs[0], one.probs[11]);
  EXPECT_NE(one.entropy[0], one.entropy[1]);
}

}  // namespace
}  // namespace rbmdyn
