#pragma once
// RBMDYN_CUBLAS_CHECK(call): throws rbmdyn::Error naming the cuBLAS call, its status, file and line;
// RBMDYN_CUBLAS_CHECK_NOTHROW(call) prints instead (for destructors).
#include <cublas_v2.h>

#include "host/core/cuda_check.hpp"

#define RBMDYN_CUBLAS_CHECK(call)                                                               \
  do {                                                                                          \
    const cublasStatus_t rbmdyn_status_ = (call);                                               \
    if (rbmdyn_status_ != CUBLAS_STATUS_SUCCESS)                                                \
      ::rbmdyn::detail::throw_cuda_error(#call, "cuBLAS", cublasGetStatusString(rbmdyn_status_), \
                                         __FILE__, __LINE__);                                   \
  } while (0)

#define RBMDYN_CUBLAS_CHECK_NOTHROW(call)                                                        \
  do {                                                                                          \
    const cublasStatus_t rbmdyn_status_ = (call);                                               \
    if (rbmdyn_status_ != CUBLAS_STATUS_SUCCESS)                                                \
      ::rbmdyn::detail::print_cuda_error(#call, "cuBLAS", cublasGetStatusString(rbmdyn_status_), \
                                         __FILE__, __LINE__);                                   \
  } while (0)
