#pragma once
// RAII owners for device memory, pinned host memory, streams, events and the cuBLAS handle. Kernels
// take non-owning pointers; these own. Move-only.
//
// Stream rule: every copy names the stream it is ordered on. The engines run on
// cudaStreamNonBlocking streams, which are NOT ordered after the legacy default stream, so a plain
// cudaMemcpy followed by a kernel on such a stream may let the kernel read the buffer before the
// copy's DMA has landed (a pageable cudaMemcpy returns once the data is staged, not once it arrived).
// Uploading on the stream that then reads the buffer orders the two by construction.
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <cstddef>
#include <utility>
#include <vector>

#include "host/core/cuda_check.hpp"
#include "host/runtime/cublas_check.hpp"

namespace rbmdyn {

template <class T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(std::size_t count) { resize(count); }
  // A new buffer holding a copy of `host`, uploaded on `stream` (see upload()).
  static DeviceBuffer copy_of(const std::vector<T>& host, cudaStream_t stream) {
    DeviceBuffer buffer;
    buffer.upload(host, stream);
    return buffer;
  }
  ~DeviceBuffer() { release(); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
    if (this != &other) {
      release();
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }

  // Reallocates (contents are lost) when the size changes. cudaFree waits for the device, so no
  // pending work can still use the old memory.
  void resize(std::size_t count) {
    if (count == size_) return;
    release();
    if (count > 0) RBMDYN_CUDA_CHECK(cudaMalloc(&data_, count * sizeof(T)));
    size_ = count;
  }
  // Zero bytes, ordered on `stream`.
  void zero(cudaStream_t stream) {
    if (size_ > 0) RBMDYN_CUDA_CHECK(cudaMemsetAsync(data_, 0, bytes(), stream));
  }
  // Resizes to `count` and copies host[0, count) in, ordered on `stream`: work enqueued later on the
  // same stream sees the data. Pageable `host` memory may be reused as soon as this returns (the
  // driver stages it); pinned memory only once the stream has passed the copy.
  void upload(const T* host, std::size_t count, cudaStream_t stream) {
    resize(count);
    if (count > 0) RBMDYN_CUDA_CHECK(cudaMemcpyAsync(data_, host, bytes(), cudaMemcpyHostToDevice, stream));
  }
  void upload(const std::vector<T>& host, cudaStream_t stream) { upload(host.data(), host.size(), stream); }
  // Copies the whole buffer to host[0, size()), ordered on `stream`; valid once the stream is synchronised.
  void download(T* host, cudaStream_t stream) const {
    if (size_ > 0) RBMDYN_CUDA_CHECK(cudaMemcpyAsync(host, data_, bytes(), cudaMemcpyDeviceToHost, stream));
  }
  // The contents after everything enqueued on `stream` so far (waits for the stream).
  std::vector<T> to_host(cudaStream_t stream) const {
    std::vector<T> host(size_);
    download(host.data(), stream);
    RBMDYN_CUDA_CHECK(cudaStreamSynchronize(stream));
    return host;
  }

  T* data() { return data_; }
  const T* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::size_t bytes() const { return size_ * sizeof(T); }

 private:
  void release() {
    if (data_ != nullptr) RBMDYN_CUDA_CHECK_NOTHROW(cudaFree(data_));
    data_ = nullptr;
    size_ = 0;
  }
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

// Page-locked host memory (cudaMallocHost): copies from and to it are true DMA transfers that run
// asynchronously with the host, at full bus speed. The host must not touch it while a copy that uses
// it is pending (see StagingRing for the bookkeeping).
template <class T>
class PinnedBuffer {
 public:
  PinnedBuffer() = default;
  explicit PinnedBuffer(std::size_t count) { reserve(count); }
  ~PinnedBuffer() { release(); }
  PinnedBuffer(const PinnedBuffer&) = delete;
  PinnedBuffer& operator=(const PinnedBuffer&) = delete;
  PinnedBuffer(PinnedBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  PinnedBuffer& operator=(PinnedBuffer&& other) noexcept {
    if (this != &other) {
      release();
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }

  // Reallocates (contents are lost) when more room is needed; never shrinks.
  void reserve(std::size_t count) {
    if (count <= size_) return;
    release();
    void* p = nullptr;
    RBMDYN_CUDA_CHECK(cudaMallocHost(&p, count * sizeof(T)));
    data_ = static_cast<T*>(p);
    size_ = count;
  }

  T* data() { return data_; }
  const T* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  void release() {
    if (data_ != nullptr) RBMDYN_CUDA_CHECK_NOTHROW(cudaFreeHost(data_));
    data_ = nullptr;
    size_ = 0;
  }
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

class CudaStream {
 public:
  CudaStream() { RBMDYN_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking)); }
  ~CudaStream() {
    if (stream_ != nullptr) RBMDYN_CUDA_CHECK_NOTHROW(cudaStreamDestroy(stream_));
  }
  CudaStream(const CudaStream&) = delete;
  CudaStream& operator=(const CudaStream&) = delete;
  CudaStream(CudaStream&& other) noexcept : stream_(std::exchange(other.stream_, nullptr)) {}
  CudaStream& operator=(CudaStream&&) = delete;
  cudaStream_t get() const { return stream_; }
  void synchronize() const { RBMDYN_CUDA_CHECK(cudaStreamSynchronize(stream_)); }

 private:
  cudaStream_t stream_ = nullptr;
};

class CudaEvent {
 public:
  // cudaEventDisableTiming for pure ordering marks (cheaper); the default flags for timing.
  explicit CudaEvent(unsigned flags = cudaEventDefault) { RBMDYN_CUDA_CHECK(cudaEventCreateWithFlags(&event_, flags)); }
  ~CudaEvent() {
    if (event_ != nullptr) RBMDYN_CUDA_CHECK_NOTHROW(cudaEventDestroy(event_));
  }
  CudaEvent(const CudaEvent&) = delete;
  CudaEvent& operator=(const CudaEvent&) = delete;
  CudaEvent(CudaEvent&& other) noexcept : event_(std::exchange(other.event_, nullptr)) {}
  CudaEvent& operator=(CudaEvent&&) = delete;
  void record(cudaStream_t stream) { RBMDYN_CUDA_CHECK(cudaEventRecord(event_, stream)); }
  void synchronize() const { RBMDYN_CUDA_CHECK(cudaEventSynchronize(event_)); }
  // Milliseconds from `start` to this event; both must have completed.
  float elapsed_ms_since(const CudaEvent& start) const {
    float ms = 0.0f;
    RBMDYN_CUDA_CHECK(cudaEventElapsedTime(&ms, start.event_, event_));
    return ms;
  }
  cudaEvent_t get() const { return event_; }

 private:
  cudaEvent_t event_ = nullptr;
};

class CublasHandle {
 public:
  CublasHandle() { RBMDYN_CUBLAS_CHECK(cublasCreate(&handle_)); }
  ~CublasHandle() {
    if (handle_ != nullptr) RBMDYN_CUBLAS_CHECK_NOTHROW(cublasDestroy(handle_));
  }
  CublasHandle(const CublasHandle&) = delete;
  CublasHandle& operator=(const CublasHandle&) = delete;
  cublasHandle_t get() const { return handle_; }

 private:
  cublasHandle_t handle_ = nullptr;
};

// A CUDA graph captured from a stream and instantiated; replay with launch().
class CudaGraph {
 public:
  CudaGraph() = default;
  ~CudaGraph() { reset(); }
  CudaGraph(const CudaGraph&) = delete;
  CudaGraph& operator=(const CudaGraph&) = delete;
  void begin_capture(cudaStream_t stream) {
    reset();
    RBMDYN_CUDA_CHECK(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal));
  }
  void end_capture(cudaStream_t stream) {
    RBMDYN_CUDA_CHECK(cudaStreamEndCapture(stream, &graph_));
    RBMDYN_CUDA_CHECK(cudaGraphInstantiate(&exec_, graph_, 0));
  }
  bool ready() const { return exec_ != nullptr; }
  void launch(cudaStream_t stream) { RBMDYN_CUDA_CHECK(cudaGraphLaunch(exec_, stream)); }
  void reset() {
    if (exec_ != nullptr) RBMDYN_CUDA_CHECK_NOTHROW(cudaGraphExecDestroy(exec_));
    if (graph_ != nullptr) RBMDYN_CUDA_CHECK_NOTHROW(cudaGraphDestroy(graph_));
    exec_ = nullptr;
    graph_ = nullptr;
  }

 private:
  cudaGraph_t graph_ = nullptr;
  cudaGraphExec_t exec_ = nullptr;
};

}  // namespace rbmdyn
