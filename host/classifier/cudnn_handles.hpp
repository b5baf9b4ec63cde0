#pragma once
// RAII owners for cuDNN handles and descriptors (move-only), used by the cuDNN classifier network.
#include <cudnn.h>

#include <utility>

#include "host/runtime/cudnn_check.hpp"

namespace rbmdyn {

template <class H, cudnnStatus_t (*Create)(H*), cudnnStatus_t (*Destroy)(H)>
class CudnnObject {
 public:
  CudnnObject() { RBMDYN_CUDNN_CHECK(Create(&h_)); }
  ~CudnnObject() {
    if (h_ != nullptr) RBMDYN_CUDNN_CHECK_NOTHROW(Destroy(h_));
  }
  CudnnObject(const CudnnObject&) = delete;
  CudnnObject& operator=(const CudnnObject&) = delete;
  CudnnObject(CudnnObject&& other) noexcept : h_(std::exchange(other.h_, nullptr)) {}
  CudnnObject& operator=(CudnnObject&& other) noexcept {
    if (this != &other) {
      if (h_ != nullptr) RBMDYN_CUDNN_CHECK_NOTHROW(Destroy(h_));
      h_ = std::exchange(other.h_, nullptr);
    }
    return *this;
  }
  H get() const { return h_; }

 private:
  H h_ = nullptr;
};

using CudnnHandle = CudnnObject<cudnnHandle_t, cudnnCreate, cudnnDestroy>;
using TensorDesc = CudnnObject<cudnnTensorDescriptor_t, cudnnCreateTensorDescriptor, cudnnDestroyTensorDescriptor>;
using FilterDesc = CudnnObject<cudnnFilterDescriptor_t, cudnnCreateFilterDescriptor, cudnnDestroyFilterDescriptor>;
using ConvDesc =
    CudnnObject<cudnnConvolutionDescriptor_t, cudnnCreateConvolutionDescriptor, cudnnDestroyConvolutionDescriptor>;
using PoolDesc = CudnnObject<cudnnPoolingDescriptor_t, cudnnCreatePoolingDescriptor, cudnnDestroyPoolingDescriptor>;
using ActivationDesc =
    CudnnObject<cudnnActivationDescriptor_t, cudnnCreateActivationDescriptor, cudnnDestroyActivationDescriptor>;

}  // namespace rbmdyn
