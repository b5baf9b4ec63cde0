#pragma once
// Small device-side helpers shared by the kernels: grid sizing and a block-wide sum.
#include <cstdint>

namespace rbmdyn::kernels {

// Blocks of `threads` needed to cover `n` items, capped at `max_blocks` (grid-stride loops do the rest).
inline int64_t blocks_for(int64_t n, int threads, int64_t max_blocks = 65535) {
  const int64_t blocks = (n + threads - 1) / threads;
  return blocks < 1 ? 1 : (blocks > max_blocks ? max_blocks : blocks);
}

// Sum of `value` over the block; the result is valid in thread 0. blockDim.x must be a multiple of 32
// and at most 1024. The summation order is fixed, so the result is deterministic.
template <class T>
__device__ T block_sum(T value) {
  __shared__ T warp_sums[32];
  for (int offset = 16; offset > 0; offset >>= 1) value += __shfl_down_sync(0xffffffffu, value, offset);
  const int lane = threadIdx.x & 31;
  const int warp = threadIdx.x >> 5;
  if (lane == 0) warp_sums[warp] = value;
  __syncthreads();
  if (warp == 0) {
    value = lane < static_cast<int>(blockDim.x >> 5) ? warp_sums[lane] : T(0);
    for (int offset = 16; offset > 0; offset >>= 1) value += __shfl_down_sync(0xffffffffu, value, offset);
  }
  return value;
}

}  // namespace rbmdyn::kernels
