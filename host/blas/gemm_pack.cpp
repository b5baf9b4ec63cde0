#include "host/blas/gemm_pack.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <new>
#ifdef __AVX__
#include <immintrin.h>
#endif

namespace rbmdyn::gemm {

namespace {

// dst[q·dst_stride + r] = src[r·src_stride + q] for an 8 × 8 block.
void transpose8x8(const float* src, int64_t src_stride, float* dst, int64_t dst_stride) {
#ifdef __AVX__
  __m256 r[8], t[8];
  for (int i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(src + i * src_stride);
  for (int i = 0; i < 8; i += 2) {
    t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 8; i += 4) {
    r[i] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
    r[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
    r[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
    r[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  for (int i = 0; i < 4; ++i) {
    _mm256_storeu_ps(dst + i * dst_stride, _mm256_permute2f128_ps(r[i], r[i + 4], 0x20));
    _mm256_storeu_ps(dst + (i + 4) * dst_stride, _mm256_permute2f128_ps(r[i], r[i + 4], 0x31));
  }
#else
  for (int q = 0; q < 8; ++q)
    for (int r = 0; r < 8; ++r) dst[q * dst_stride + r] = src[r * src_stride + q];
#endif
}

// The transposing case of pack_panel (k_stride == 1), in 8 × 8 blocks; a block that would run past
// `valid` or k is moved back to end there instead (it rewrites some values, identically). Scalar when
// valid or k is below 8.
void pack_transposed(const float* src, int64_t w_stride, int64_t k, int64_t valid, int64_t width, float* dst) {
  if (valid < 8 || k < 8) {
    for (int64_t w = 0; w < valid; ++w)
      for (int64_t p = 0; p < k; ++p) dst[p * width + w] = src[w * w_stride + p];
    return;
  }
  // Strips of 64 k: their destination rows stay in L1 while the 8-row blocks pass.
  constexpr int64_t kStrip = 64;
  for (int64_t s0 = 0; s0 < k; s0 += kStrip)
    for (int64_t w = 0; w < valid; w += 8) {
      const int64_t w0 = std::min(w, valid - 8);
      for (int64_t p = s0; p < std::min(k, s0 + kStrip); p += 8) {
        const int64_t p0 = std::min(p, k - 8);
        transpose8x8(src + w0 * w_stride + p0, w_stride, dst + p0 * width + w0, width);
      }
    }
}

}  // namespace

void pack_panel(const float* src, int64_t k_stride, int64_t w_stride, int64_t k, int64_t valid, int64_t width,
                float* dst) {
  if (w_stride == 1) {
    // Rows of the panel are contiguous in the source: plain copies.
    for (int64_t p = 0; p < k; ++p) std::copy_n(src + p * k_stride, valid, dst + p * width);
  } else if (k_stride == 1) {
    pack_transposed(src, w_stride, k, valid, width, dst);
  } else {
    for (int64_t p = 0; p < k; ++p)
      for (int64_t w = 0; w < valid; ++w) dst[p * width + w] = src[p * k_stride + w * w_stride];
  }
  if (valid < width)
    for (int64_t p = 0; p < k; ++p) std::fill(dst + p * width + valid, dst + (p + 1) * width, 0.0f);
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
