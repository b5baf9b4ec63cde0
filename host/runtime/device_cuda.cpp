#include <cuda_runtime.h>

#include <cstdio>

#include "host/core/cuda_check.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn {

bool cuda_compiled_in() { return true; }

void use_cuda_device(int index) {
  if (index < 0 || index >= cuda_device_count())
    fail_input("CUDA device " + std::to_string(index) + " does not exist");
  RBMDYN_CUDA_CHECK(cudaSetDevice(index));
}

std::string cuda_unavailable_reason() {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    cudaGetLastError();  // clear the sticky error so later queries start clean
    return std::string("cudaGetDeviceCount: ") + cudaGetErrorString(status);
  }
  if (count == 0) return "the CUDA driver reports no device";
  return "";
}

int cuda_device_count() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();
    return 0;
  }
  return count;
}

std::vector<std::string> cuda_device_descriptions() {
  std::vector<std::string> lines;
  for (int d = 0; d < cuda_device_count(); ++d) {
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, d) != cudaSuccess) continue;
    char line[512];
    std::snprintf(line, sizeof line, "cuda:%d %s (sm_%d%d, %.1f GiB, %d SMs)", d, prop.name,
                  prop.major, prop.minor, static_cast<double>(prop.totalGlobalMem) / (1 << 30),
                  prop.multiProcessorCount);
    lines.emplace_back(line);
  }
  return lines;
}

std::size_t cuda_free_bytes() {
  std::size_t free_bytes = 0, total_bytes = 0;
  if (cudaMemGetInfo(&free_bytes, &total_bytes) != cudaSuccess) {
    cudaGetLastError();  // clear it: no device means "no room", not an error here
    return 0;
  }
  return free_bytes;
}

}  // namespace rbmdyn
