#pragma once
// RBMDYN_HD marks functions that are compiled for both the host and the device. Per-element math that
// the CPU engine and the CUDA kernels share is written once with it, so the two twins cannot drift.
#if defined(__CUDACC__)
#define RBMDYN_HD __host__ __device__ __forceinline__
#else
#define RBMDYN_HD inline
#endif
