#pragma once
// A ring of pinned host slots for streaming host arrays to the device without a host sync per copy:
// acquire() a slot, fill it, enqueue the copies that read it, then release(stream). A slot is handed
// out again only once the stream has passed the point where it was released, so the host never
// overwrites memory a pending copy still reads, and it waits only when `slots` uploads are in flight
// (which also bounds how far the host runs ahead of the device).
#include <cstddef>
#include <vector>

#include "host/runtime/device_buffer.hpp"

namespace rbmdyn {

class StagingRing {
 public:
  StagingRing(std::size_t slot_bytes, int slots) : slot_bytes_(slot_bytes) {
    memory_.reserve(slot_bytes * static_cast<std::size_t>(slots));
    marks_.reserve(static_cast<std::size_t>(slots));
    for (int i = 0; i < slots; ++i) marks_.emplace_back(cudaEventDisableTiming);
    used_.assign(static_cast<std::size_t>(slots), false);
  }

  std::size_t slot_bytes() const { return slot_bytes_; }

  // The next slot's memory (slot_bytes() bytes), after its previous copies have completed.
  void* acquire() {
    next_ = (next_ + 1) % marks_.size();
    if (used_[next_]) marks_[next_].synchronize();
    return memory_.data() + next_ * slot_bytes_;
  }
  // The slot acquired last is in use by everything enqueued on `stream` so far.
  void release(cudaStream_t stream) {
    marks_[next_].record(stream);
    used_[next_] = true;
  }

 private:
  std::size_t slot_bytes_;
  PinnedBuffer<unsigned char> memory_;
  std::vector<CudaEvent> marks_;
  std::vector<bool> used_;
  std::size_t next_ = 0;
};

}  // namespace rbmdyn
