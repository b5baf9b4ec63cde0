// Checks of the CUDA library plumbing that need no device, so they run in every CUDA build (also in
// CI without a GPU): the cuDNN algorithm filter of fp32 mode, the cuDNN header/library match, the
// version lines of `rbmdyn devices`, and the comparison the GPU parity tests use.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "host/classifier/cudnn_algorithms.hpp"
#include "host/runtime/cuda_versions.hpp"
#include "host/runtime/device.hpp"
#include "tests/gpu/gpu_compare.hpp"

namespace rbmdyn {
namespace {

// cuDNN 9 reports plain FP32 kernels as CUDNN_DEFAULT_MATH as well as CUDNN_FMA_MATH; accepting only
// the latter left fp32 mode with "no usable algorithm".
TEST(CudnnAlgorithmFilter, Fp32AcceptsBothPlainMathTypesAndNoTensorOps) {
  EXPECT_TRUE(cls::cudnn_math_allowed(MathMode::fp32, CUDNN_DEFAULT_MATH));
  EXPECT_TRUE(cls::cudnn_math_allowed(MathMode::fp32, CUDNN_FMA_MATH));
  EXPECT_FALSE(cls::cudnn_math_allowed(MathMode::fp32, CUDNN_TENSOR_OP_MATH));
  EXPECT_FALSE(cls::cudnn_math_allowed(MathMode::fp32, CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION));
  for (const cudnnMathType_t m :
       {CUDNN_DEFAULT_MATH, CUDNN_TENSOR_OP_MATH, CUDNN_TENSOR_OP_MATH_ALLOW_CONVERSION, CUDNN_FMA_MATH})
    EXPECT_TRUE(cls::cudnn_math_allowed(MathMode::tf32, m));
}

// CUDNN_DEFAULT_MATH permits TF32 on Ampere and later, so an fp32 algorithm always runs with FMA math.
TEST(CudnnAlgorithmFilter, Fp32RunsWithFmaMathSetExplicitly) {
  EXPECT_EQ(cls::cudnn_math_to_run(MathMode::fp32, CUDNN_DEFAULT_MATH), CUDNN_FMA_MATH);
  EXPECT_EQ(cls::cudnn_math_to_run(MathMode::fp32, CUDNN_FMA_MATH), CUDNN_FMA_MATH);
  EXPECT_EQ(cls::cudnn_math_to_run(MathMode::tf32, CUDNN_TENSOR_OP_MATH), CUDNN_TENSOR_OP_MATH);
  EXPECT_EQ(cls::cudnn_math_to_run(MathMode::tf32, CUDNN_DEFAULT_MATH), CUDNN_DEFAULT_MATH);
}

TEST(CudaLibraries, LoadedCudnnMatchesTheHeader) { EXPECT_NO_THROW(check_cudnn_version()); }

TEST(CudaLibraries, VersionLinesNameEveryLibrary) {
  const std::vector<std::string> lines = cuda_library_versions();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].rfind("CUDA driver ", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind("CUDA runtime ", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2].rfind("cuBLAS ", 0), 0u) << lines[2];
  EXPECT_EQ(lines[3].rfind("cuDNN 9.", 0), 0u) << lines[3];
  EXPECT_NE(lines[2].find("(header "), std::string::npos);
  EXPECT_EQ(lines[2].find("unknown"), std::string::npos) << "cublasGetProperty needs no device";
}

TEST(GpuCompare, RelativeErrorIsAtTheTensorsOwnScale) {
  // A 1e-3-sized tensor off by 1e-4 is 10 % wrong, whatever the absolute size.
  EXPECT_NEAR(test::relative_error(std::vector<float>{1.1e-3f, 0}, std::vector<float>{1e-3f, 0}), 0.1, 1e-4);
  EXPECT_EQ(test::relative_error(std::vector<float>{1, 2}, std::vector<float>{1, 2}), 0.0);
  EXPECT_GT(test::relative_error(std::vector<float>{1e-20f}, std::vector<float>{0}), 1e9);  // zero reference
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(test::relative_error(std::vector<float>{NAN}, std::vector<float>{1}), inf);
  EXPECT_EQ(test::relative_error(std::vector<float>{1}, std::vector<float>{1, 2}), inf);
}

}  // namespace
}  // namespace rbmdyn
