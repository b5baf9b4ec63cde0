#pragma once
// NVTX ranges named by phase ("train/update", "gibbs/step", "classify/batch", "metrics") so that an
// Nsight Systems timeline reads like the pipeline. Compiles to nothing in a CPU-only build.
#ifdef RBMDYN_HAVE_CUDA
#include <nvtx3/nvToolsExt.h>
#endif

namespace rbmdyn {

class NvtxRange {
 public:
#ifdef RBMDYN_HAVE_CUDA
  explicit NvtxRange(const char* name) { nvtxRangePushA(name); }
  ~NvtxRange() { nvtxRangePop(); }
#else
  explicit NvtxRange(const char*) {}
#endif
  NvtxRange(const NvtxRange&) = delete;
  NvtxRange& operator=(const NvtxRange&) = delete;
};

}  // namespace rbmdyn
