#include "host/runtime/device.hpp"

#include "host/core/error.hpp"

namespace rbmdyn {

Backend parse_backend(const std::string& text, const std::string& option_name) {
  if (text == "auto") return automatic_backend();
  if (text == "cpu") return Backend::cpu;
  if (text == "cuda" || text == "gpu") return Backend::cuda;
  fail_input(quote_option(option_name) + ": unknown device '" + text + "' (expected cpu, cuda or auto)");
}

Backend automatic_backend() { return cuda_device_count() > 0 ? Backend::cuda : Backend::cpu; }

const char* backend_name(Backend backend) { return backend == Backend::cpu ? "cpu" : "cuda"; }

void fail_no_cuda_build() { fail_input(quote_option("device") + " cuda: this rbmdyn was built without CUDA"); }

void require_backend_available(Backend backend) {
  if (backend != Backend::cuda) return;
  const std::string why = cuda_unavailable_reason();
  if (!why.empty()) fail_input(quote_option("device") + " cuda: no usable CUDA device (" + why + ")");
}

std::vector<int> parse_cuda_devices(const std::string& text, const std::string& option_name) {
  std::vector<int> devices;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    int index = -1;
    try {
      std::size_t used = 0;
      index = std::stoi(item, &used);
      if (used != item.size()) index = -1;
    } catch (const std::logic_error&) {
    }
    if (index < 0) fail_input(quote_option(option_name) + " '" + text + "': '" + item + "' is not a device index");
    if (index >= cuda_device_count())
      fail_input(quote_option(option_name) + ": device " + item + " does not exist (" + std::to_string(cuda_device_count()) +
                 " CUDA device(s) visible)");
    for (int d : devices)
      if (d == index) fail_input(quote_option(option_name) + ": device " + item + " is listed twice");
    devices.push_back(index);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return devices;
}

#ifndef RBMDYN_HAVE_CUDA
void use_cuda_device(int) { fail_input("this rbmdyn was built without CUDA"); }
// CPU-only build: the CUDA queries answer "none".
bool cuda_compiled_in() { return false; }
int cuda_device_count() { return 0; }
std::string cuda_unavailable_reason() {
  return "this rbmdyn was built without CUDA (configure with nvcc on PATH or -DRBMDYN_CUDA=ON)";
}
std::vector<std::string> cuda_device_descriptions() { return {}; }
std::vector<std::string> cuda_library_versions() { return {}; }
std::size_t cuda_free_bytes() { return 0; }
#endif

}  // namespace rbmdyn
