#pragma once
// RBMDYN_CUDNN_CHECK(call): throws rbmdyn::Error naming the cuDNN call, its status, file and line.
#include <cudnn.h>

#include "host/core/cuda_check.hpp"

#define RBMDYN_CUDNN_CHECK(call)                                                               \
  do {                                                                                         \
    const cudnnStatus_t rbmdyn_status_ = (call);                                               \
    if (rbmdyn_status_ != CUDNN_STATUS_SUCCESS)                                                \
      ::rbmdyn::detail::throw_cuda_error(#call, "cuDNN", cudnnGetErrorString(rbmdyn_status_),  \
                                         __FILE__, __LINE__);                                  \
  } while (0)

#define RBMDYN_CUDNN_CHECK_NOTHROW(call)                                                       \
  do {                                                                                         \
    const cudnnStatus_t rbmdyn_status_ = (call);                                               \
    if (rbmdyn_status_ != CUDNN_STATUS_SUCCESS)                                                \
      ::rbmdyn::detail::print_cuda_error(#call, "cuDNN", cudnnGetErrorString(rbmdyn_status_),  \
                                         __FILE__, __LINE__);                                  \
  } while (0)
