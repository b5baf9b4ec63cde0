// Versions of the CUDA libraries the process has loaded (rbmdyn devices, run records) and the
// header/library check for cuDNN: a cudnn.h from one cuDNN and a libcudnn from another (the
// toolkit's header with a Python wheel's library, say) fail later in obscure ways.
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <cudnn.h>

#include <string>
#include <vector>

#include "host/core/error.hpp"
#include "host/runtime/cuda_versions.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn {
namespace {

// 13000 → "13.0" (CUDA's encoding: 1000·major + 10·minor).
std::string cuda_version_text(int v) { return std::to_string(v / 1000) + "." + std::to_string((v % 1000) / 10); }
// 90300 → "9.3.0" (cuDNN 9 and cuBLAS: 10000·major + 100·minor + patch).
std::string dotted_version_text(std::size_t v) {
  return std::to_string(v / 10000) + "." + std::to_string((v % 10000) / 100) + "." + std::to_string(v % 100);
}

}  // namespace

std::vector<std::string> cuda_library_versions() {
  std::vector<std::string> lines;
  int driver = 0, runtime = 0;
  lines.push_back("CUDA driver " + (cudaDriverGetVersion(&driver) == cudaSuccess && driver > 0
                                        ? cuda_version_text(driver) : std::string("unknown (no driver)")));
  lines.push_back("CUDA runtime " + (cudaRuntimeGetVersion(&runtime) == cudaSuccess ? cuda_version_text(runtime)
                                                                                     : std::string("unknown")));
  cudaGetLastError();  // the queries above must not leave a sticky error behind
  int major = 0, minor = 0, patch = 0;
  const bool blas_ok = cublasGetProperty(MAJOR_VERSION, &major) == CUBLAS_STATUS_SUCCESS &&
                       cublasGetProperty(MINOR_VERSION, &minor) == CUBLAS_STATUS_SUCCESS &&
                       cublasGetProperty(PATCH_LEVEL, &patch) == CUBLAS_STATUS_SUCCESS;
  lines.push_back("cuBLAS " + (blas_ok ? std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch)
                                       : std::string("unknown")) +
                  " (header " + std::to_string(CUBLAS_VER_MAJOR) + "." + std::to_string(CUBLAS_VER_MINOR) + "." +
                  std::to_string(CUBLAS_VER_PATCH) + ")");
  lines.push_back("cuDNN " + dotted_version_text(cudnnGetVersion()) + " (header " + dotted_version_text(CUDNN_VERSION) +
                  ")");
  return lines;
}

void check_cudnn_version() {
  const std::size_t loaded = cudnnGetVersion();
  if (loaded / 10000 != static_cast<std::size_t>(CUDNN_MAJOR))
    fail("cuDNN mismatch: this build was compiled against cudnn.h " + dotted_version_text(CUDNN_VERSION) +
         " but loaded libcudnn " + dotted_version_text(loaded) +
         "; configure with -DCUDNN_ROOT=<the folder holding both include/ and lib/> and put that lib/ on "
         "LD_LIBRARY_PATH");
}

}  // namespace rbmdyn
