#include "host/core/cuda_check.hpp"
#include "kernels/launch.cuh"
#include "kernels/resize.cuh"

namespace rbmdyn::kernels {
namespace {

// Grid-stride over n·1024 output pixels.
__global__ void bicubic_kernel(const float* __restrict__ in, int64_t total, float* __restrict__ out) {
  for (int64_t at = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; at < total;
       at += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t img = at / kResizeOutPixels;
    const int pix = static_cast<int>(at % kResizeOutPixels);
    out[at] = torch_bicubic_pixel(in + img * 784, pix / kResizeOutSide, pix % kResizeOutSide);
  }
}

__global__ void bilinear_kernel(const float* __restrict__ in, int64_t total, float* __restrict__ out) {
  for (int64_t at = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; at < total;
       at += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t img = at / kResizeOutPixels;
    const int pix = static_cast<int>(at % kResizeOutPixels);
    out[at] = torch_bilinear_pixel(in + img * 784, pix / kResizeOutSide, pix % kResizeOutSide);
  }
}

__global__ void pil_kernel(const uint8_t* __restrict__ in, int64_t total, PilBilinearTable table,
                           float* __restrict__ out) {
  for (int64_t at = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; at < total;
       at += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t img = at / kResizeOutPixels;
    const int pix = static_cast<int>(at % kResizeOutPixels);
    out[at] = static_cast<float>(pil_bilinear_pixel(in + img * 784, table, pix / kResizeOutSide,
                                                    pix % kResizeOutSide)) / 255.0f;
  }
}

constexpr int kThreads = 256;

}  // namespace

void launch_resize_bicubic(const float* in, int64_t n, float* out, cudaStream_t stream) {
  const int64_t total = n * kResizeOutPixels;
  if (total == 0) return;
  bicubic_kernel<<<static_cast<unsigned>(blocks_for(total, kThreads, 1 << 20)), kThreads, 0, stream>>>(in, total, out);
  RBMDYN_CHECK_LAUNCH();
}

void launch_resize_bilinear(const float* in, int64_t n, float* out, cudaStream_t stream) {
  const int64_t total = n * kResizeOutPixels;
  if (total == 0) return;
  bilinear_kernel<<<static_cast<unsigned>(blocks_for(total, kThreads, 1 << 20)), kThreads, 0, stream>>>(in, total, out);
  RBMDYN_CHECK_LAUNCH();
}

void launch_resize_pil_bilinear_unit(const uint8_t* in, int64_t n, const PilBilinearTable& table, float* out,
                                     cudaStream_t stream) {
  const int64_t total = n * kResizeOutPixels;
  if (total == 0) return;
  pil_kernel<<<static_cast<unsigned>(blocks_for(total, kThreads, 1 << 20)), kThreads, 0, stream>>>(in, total, table,
                                                                                                   out);
  RBMDYN_CHECK_LAUNCH();
}

}  // namespace rbmdyn::kernels
