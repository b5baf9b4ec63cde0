// Free device memory for seeds_at_once (CUDA builds).
#include <cuda_runtime.h>

#include "host/reproduce/seed_parallelism.hpp"

namespace rbmdyn {

std::size_t cuda_free_bytes() {
  std::size_t free_bytes = 0, total_bytes = 0;
  if (cudaMemGetInfo(&free_bytes, &total_bytes) != cudaSuccess) {
    cudaGetLastError();  // clear it: no device means "no room", not an error here
    return 0;
  }
  return free_bytes;
}

}  // namespace rbmdyn
