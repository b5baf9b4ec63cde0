#pragma once
// The one type for a CUDA stream in headers that must compile without CUDA: StreamHandle is exactly
// cudaStream_t (CUstream_st*), so CUDA code passes its streams without casts and CPU-only code passes
// nullptr ("no stream: host memory, synchronous").
struct CUstream_st;

namespace rbmdyn {

using StreamHandle = CUstream_st*;

}  // namespace rbmdyn
