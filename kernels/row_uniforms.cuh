#pragma once
// Block-cooperative uniforms for coalesced row kernels. The random stream gives one Philox call per
// quad of 4 consecutive elements (element j ↔ quad j/4, lane j%4, as the CPU twins address it). A
// kernel that let each thread own a quad would touch row[4t..4t+3] one element at a time, so a warp's
// loads and stores are strided by 16 bytes. Instead, per tile of kTileElements = 4·kThreads elements,
// thread t draws quad (tile/4 + t) and parks its 4 uniforms in shared memory; then element tile + e,
// e = k·kThreads + t, reads u[e]: lane t of a warp touches consecutive addresses (coalesced) and gets
// exactly the uniform its element had before. Usage per tile (blockDim.x must be kThreads):
//   tile.draw(rng, a, b, tile_first, n, c);  __syncthreads();
//   for k < 4: e = k·kThreads + threadIdx.x; if (tile_first + e < n) use tile.u[e];
//   __syncthreads();  // before the next draw overwrites u
#include <cstdint>

#include "host/core/random.hpp"

namespace rbmdyn::kernels {

template <int kThreads>
struct RowUniformTile {
  static constexpr int kTileElements = 4 * kThreads;
  float4* u4;  // shared memory, kThreads float4 = kTileElements floats

  __device__ const float* u() const { return reinterpret_cast<const float*>(u4); }

  // The uniforms of elements [first, first + kTileElements) of row (a, b, c); first is a multiple of 4.
  __device__ void draw(const RandomStream& rng, uint32_t a, uint32_t b, int64_t first, int64_t n,
                       uint32_t c = 0) const {
    const int64_t quad = first / 4 + threadIdx.x;
    if (4 * quad >= n) return;
    const PhiloxCounter bits = rng.bits4(a, b, static_cast<uint32_t>(quad), c);
    u4[threadIdx.x] = make_float4(uniform_from_bits(bits.x[0]), uniform_from_bits(bits.x[1]),
                                  uniform_from_bits(bits.x[2]), uniform_from_bits(bits.x[3]));
  }
};

}  // namespace rbmdyn::kernels
