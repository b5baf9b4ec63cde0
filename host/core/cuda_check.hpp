#pragma once
// Error checks for every CUDA runtime, cuBLAS and cuDNN call. The throwing forms report the call, the
// library's message, file and line; the *_NOTHROW forms print instead and are for destructors.
// Kernel launches are followed by RBMDYN_CHECK_LAUNCH(), which checks the launch error (not a sync).
#include <cuda_runtime.h>

#include <string>

#include "host/core/error.hpp"

namespace rbmdyn::detail {
[[noreturn]] void throw_cuda_error(const char* call, const char* library, const std::string& message,
                                   const char* file, int line);
void print_cuda_error(const char* call, const char* library, const std::string& message,
                      const char* file, int line);
}  // namespace rbmdyn::detail

#define RBMDYN_CUDA_CHECK(call)                                                                    \
  do {                                                                                             \
    const cudaError_t rbmdyn_status_ = (call);                                                     \
    if (rbmdyn_status_ != cudaSuccess)                                                             \
      ::rbmdyn::detail::throw_cuda_error(#call, "CUDA", cudaGetErrorString(rbmdyn_status_),        \
                                         __FILE__, __LINE__);                                      \
  } while (0)

#define RBMDYN_CUDA_CHECK_NOTHROW(call)                                                            \
  do {                                                                                             \
    const cudaError_t rbmdyn_status_ = (call);                                                     \
    if (rbmdyn_status_ != cudaSuccess)                                                             \
      ::rbmdyn::detail::print_cuda_error(#call, "CUDA", cudaGetErrorString(rbmdyn_status_),        \
                                         __FILE__, __LINE__);                                      \
  } while (0)

#define RBMDYN_CHECK_LAUNCH() RBMDYN_CUDA_CHECK(cudaGetLastError())
