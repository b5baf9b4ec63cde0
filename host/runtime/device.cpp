#include "host/runtime/device.hpp"

#include "host/core/error.hpp"

namespace rbmdyn {

Backend parse_backend(const std::string& text, const std::string& option_name) {
  if (text == "auto") return cuda_device_count() > 0 ? Backend::cuda : Backend::cpu;
  if (text == "cpu") return Backend::cpu;
  if (text == "cuda" || text == "gpu") return Backend::cuda;
  fail_input(option_name + ": unknown device '" + text + "' (expected cpu, cuda or auto)");
}

const char* backend_name(Backend backend) { return backend == Backend::cpu ? "cpu" : "cuda"; }

void require_backend_available(Backend backend) {
  if (backend != Backend::cuda) return;
  const std::string why = cuda_unavailable_reason();
  if (!why.empty()) fail_input("--device cuda: no usable CUDA device (" + why + ")");
}

#ifndef RBMDYN_HAVE_CUDA
// CPU-only build: the CUDA queries answer "none".
bool cuda_compiled_in() { return false; }
int cuda_device_count() { return 0; }
std::string cuda_unavailable_reason() {
  return "this rbmdyn was built without CUDA (configure with nvcc on PATH or -DRBMDYN_CUDA=ON)";
}
std::vector<std::string> cuda_device_descriptions() { return {}; }
#endif

}  // namespace rbmdyn
