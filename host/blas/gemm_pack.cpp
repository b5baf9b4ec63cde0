#include "host/blas/gemm_pack.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <new>

namespace rbmdyn::gemm {

void pack_panel(const float* src, int64_t k_stride, int64_t w_stride, int64_t k, int64_t valid, int64_t width,
                float* dst) {
  if (w_stride == 1) {
    // Rows of the panel are contiguous in the source: plain copies.
    for (int64_t p = 0; p < k; ++p) {
      std::copy_n(src + p * k_stride, valid, dst + p * width);
      std::fill(dst + p * width + valid, dst + (p + 1) * width, 0.0f);
    }
    return;
  }
  // A transpose: read each source line contiguously over a block of k, write into the block's rows
  // (the block's destination stays in L1).
  constexpr int64_t kBlock = 64;
  for (int64_t p0 = 0; p0 < k; p0 += kBlock) {
    const int64_t p1 = std::min(k, p0 + kBlock);
    for (int64_t w = 0; w < valid; ++w) {
      const float* s = src + w * w_stride;
      for (int64_t p = p0; p < p1; ++p) dst[p * width + w] = s[p * k_stride];
    }
    for (int64_t p = p0; p < p1; ++p) std::fill(dst + p * width + valid, dst + (p + 1) * width, 0.0f);
  }
}

namespace {

struct FreeAligned {
  void operator()(float* p) const { std::free(p); }
};

struct Scratch {
  std::unique_ptr<float[], FreeAligned> data;
  int64_t capacity = 0;

  float* get(int64_t count) {
    if (count > capacity) {
      const auto bytes = (static_cast<std::size_t>(count) * sizeof(float) + 63) / 64 * 64;
      data.reset(static_cast<float*>(std::aligned_alloc(64, bytes)));
      if (!data) throw std::bad_alloc();
      capacity = count;
    }
    return data.get();
  }
};

}  // namespace

float* pack_scratch(int slot, int64_t count) {
  thread_local Scratch scratch[2];
  return scratch[slot].get(std::max<int64_t>(count, 1));
}

}  // namespace rbmdyn::gemm
