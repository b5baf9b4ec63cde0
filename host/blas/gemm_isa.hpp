#pragma once
// The instruction sets the deterministic SGEMM (host/blas/cpu_blas.hpp) is built for, as small traits
// classes that the micro-kernel (gemm_kernel.hpp) is written once against:
//   V          the register type: `lanes` floats, each lane an independent output column
//   mr, nv     the register tile: mr rows × nv registers (nr = nv·lanes columns) of accumulators
//   zero, load (unaligned), broadcast (one float to every lane), fma (a·b + c rounded once), mul, store
// Every operation is an IEEE-754 single-precision operation per lane (fma is the fused one), so the
// same sequence of operations gives the same bits in every lane of every ISA and in std::fma.
// Which ISAs exist depends on the compiler flags (-march=native by default): scalar always, AVX2+FMA
// where __FMA__ is defined, AVX-512 where __AVX512F__ is. A build without them (RBMDYN_NATIVE=OFF on
// baseline x86-64) gets only the scalar kernel, whose std::fma is then a libm call: the same bits, but
// about 1 GFLOP/s.
#include <cmath>
#include <cstdint>
#if defined(__FMA__) || defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace rbmdyn::gemm {

enum class Isa { scalar, avx2, avx512 };

// Plain C++ with std::fma: the reference every vector ISA must match bit for bit. 4×4 accumulators.
struct ScalarIsa {
  using V = float;
  static constexpr Isa id = Isa::scalar;
  static constexpr int lanes = 1, mr = 4, nv = 4;
  static V zero() { return 0.0f; }
  static V load(const float* p) { return *p; }
  static V broadcast(const float* p) { return *p; }
  static V fma(V a, V b, V c) { return std::fma(a, b, c); }
  static V mul(V a, V b) { return a * b; }
  static V set1(float x) { return x; }
  static void store(float* p, V v) { *p = v; }
};

#ifdef __FMA__
// 16 ymm registers: 6 rows × 2 registers (16 columns) = 12 accumulators, 2 for B, 1 broadcast.
struct Avx2Isa {
  using V = __m256;
  static constexpr Isa id = Isa::avx2;
  static constexpr int lanes = 8, mr = 6, nv = 2;
  static V zero() { return _mm256_setzero_ps(); }
  static V load(const float* p) { return _mm256_loadu_ps(p); }
  static V broadcast(const float* p) { return _mm256_broadcast_ss(p); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static V set1(float x) { return _mm256_set1_ps(x); }
  static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
};
#endif

#ifdef __AVX512F__
// 32 zmm registers: 14 rows × 2 registers (32 columns) = 28 accumulators, 2 for B, 1 broadcast. Per
// k step 28 FMAs against 2 loads of B and 14 broadcasts: the two FMA pipes stay busy.
struct Avx512Isa {
  using V = __m512;
  static constexpr Isa id = Isa::avx512;
  static constexpr int lanes = 16, mr = 14, nv = 2;
  static V zero() { return _mm512_setzero_ps(); }
  static V load(const float* p) { return _mm512_loadu_ps(p); }
  static V broadcast(const float* p) { return _mm512_set1_ps(*p); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V set1(float x) { return _mm512_set1_ps(x); }
  static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
};
#endif

}  // namespace rbmdyn::gemm
