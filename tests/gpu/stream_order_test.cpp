// Stream ordering and lifetimes of the CUDA runtime wrappers (host/runtime/device_buffer.hpp,
// staging_ring.hpp) and of the engines that own streams (label gpu; skipped without a device).
//
// The engines run on cudaStreamNonBlocking streams, which are not ordered after the legacy default
// stream. A buffer filled by a plain cudaMemcpy (pageable: it returns once the data is staged) and
// read at once by a kernel on such a stream can be read before the DMA lands. These tests upload
// large buffers and read them immediately on a non-blocking stream, round after round with other
// values, so a copy that is not ordered on the reading stream shows up as stale values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "host/classifier/digit_classifier.hpp"
#include "host/runtime/device_buffer.hpp"
#include "host/runtime/staging_ring.hpp"
#include "kernels/classifier_ops.cuh"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

constexpr std::size_t kBig = std::size_t{32} << 20;  // 32 Mi floats = 128 MB per upload

TEST(StreamOrder, UploadThenKernelOnANonBlockingStreamSeesTheNewData) {
  RBMDYN_REQUIRE_GPU();
  CudaStream stream;
  const cudaStream_t s = stream.get();
  DeviceBuffer<float> data(kBig), twos;
  twos.upload(std::vector<float>(kBig, 2.0f), s);
  std::vector<float> host(kBig), back(kBig);
  for (int round = 1; round <= 6; ++round) {
    std::fill(host.begin(), host.end(), static_cast<float>(round));
    data.upload(host, s);                                                    // pageable, ordered on s
    kernels::launch_multiply(data.data(), twos.data(), static_cast<int64_t>(kBig), s);  // reads it at once
    data.download(back.data(), s);
    stream.synchronize();
    const auto wrong = std::count_if(back.begin(), back.end(), [&](float v) { return v != 2.0f * static_cast<float>(round); });
    ASSERT_EQ(wrong, 0) << "round " << round << ": the kernel saw data from before the upload";
  }
}

TEST(StreamOrder, StagingRingNeverOverwritesAPendingCopy) {
  RBMDYN_REQUIRE_GPU();
  CudaStream stream;
  const cudaStream_t s = stream.get();
  const std::size_t n = std::size_t{4} << 20;  // 16 MB per slot: copies take long enough to still be pending
  StagingRing ring(n * sizeof(float), 2);
  const int uploads = 8;
  DeviceBuffer<float> target(n * uploads);
  for (int k = 0; k < uploads; ++k) {
    auto* slot = static_cast<float*>(ring.acquire());  // waits only if this slot's last copy is pending
    std::fill(slot, slot + n, static_cast<float>(k + 1));
    ASSERT_EQ(cudaMemcpyAsync(target.data() + k * n, slot, n * sizeof(float), cudaMemcpyHostToDevice, s), cudaSuccess);
    ring.release(s);
  }
  const std::vector<float> back = target.to_host(s);
  for (int k = 0; k < uploads; ++k)
    ASSERT_EQ(std::count(back.begin() + k * n, back.begin() + (k + 1) * n, static_cast<float>(k + 1)),
              static_cast<std::ptrdiff_t>(n))
        << "upload " << k << " was overwritten while its copy was pending";
}

// A cuDNN or cuBLAS handle must not outlive the stream it is bound to: destroying it afterwards makes
// the library report an error (printed by the *_NOTHROW checks) or worse. The classifier binds its
// handles to its own stream for host arrays; destroying it must print nothing.
TEST(StreamOrder, ClassifierReleasesItsHandlesBeforeItsStream) {
  RBMDYN_REQUIRE_GPU();
  const int64_t n = 300;
  std::vector<float> images(static_cast<std::size_t>(n * 784), 0.25f);
  std::vector<uint8_t> pred(static_cast<std::size_t>(n));
  std::vector<float> entropy(static_cast<std::size_t>(n));
  DigitClassifierOptions options;
  options.batch = 128;
  ::testing::internal::CaptureStderr();
  {
    const auto clf = make_digit_classifier(ClassifierModel::initialized(ClassifierArch::small(), 2), Backend::cuda,
                                           options);
    clf->classify_samples_host(images.data(), n, pred.data(), entropy.data());
  }
  const std::string printed = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(printed.find("rbmdyn:"), std::string::npos) << printed;
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);
}

// The device-array path runs on the caller's stream (a Gibbs engine's, in a sweep), which may be
// destroyed before the classifier: the classifier must not keep its handles bound to it.
TEST(StreamOrder, ClassifierOutlivesTheCallersStream) {
  RBMDYN_REQUIRE_GPU();
  const int64_t n = 300;
  DigitClassifierOptions options;
  options.batch = 128;
  ::testing::internal::CaptureStderr();
  {
    const auto clf = make_digit_classifier(ClassifierModel::initialized(ClassifierArch::small(), 2), Backend::cuda,
                                           options);
    {
      CudaStream caller;
      DeviceBuffer<float> images, entropy(static_cast<std::size_t>(n));
      DeviceBuffer<uint8_t> pred(static_cast<std::size_t>(n));
      images.upload(std::vector<float>(static_cast<std::size_t>(n * 784), 0.25f), caller.get());
      clf->classify_samples(images.data(), n, pred.data(), entropy.data(), nullptr, caller.get());
      caller.synchronize();
    }  // the caller's stream is gone; the classifier is still alive
    std::vector<uint8_t> host_pred(static_cast<std::size_t>(n));
    std::vector<float> host_entropy(static_cast<std::size_t>(n));
    clf->classify_samples_host(std::vector<float>(static_cast<std::size_t>(n * 784), 0.5f).data(), n, host_pred.data(),
                               host_entropy.data());
  }
  const std::string printed = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(printed.find("rbmdyn:"), std::string::npos) << printed;
  EXPECT_EQ(cudaGetLastError(), cudaSuccess);
}

}  // namespace
}  // namespace rbmdyn
