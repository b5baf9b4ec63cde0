#pragma once
// Which engine runs a job, and what CUDA devices this process can see.
#include <cstddef>
#include <string>
#include <vector>

namespace rbmdyn {

enum class Backend { cpu, cuda };

// Parses "cpu", "cuda" or "auto" (= cuda when a device is usable, else cpu) — the `device` option;
// throws InputError naming the option otherwise.
Backend parse_backend(const std::string& text, const std::string& option_name = "device");
// What "auto" means: cuda when a CUDA device is usable, else cpu.
Backend automatic_backend();
const char* backend_name(Backend backend);

// True when this build has the CUDA backends compiled in.
bool cuda_compiled_in();

// Number of usable CUDA devices (0 without CUDA, without a driver or without a device); never throws.
int cuda_device_count();

// Why no CUDA device can be used, or "" when one can: "built without CUDA", the driver's message...
std::string cuda_unavailable_reason();

// One line per visible device: name, compute capability, memory, SM count.
std::vector<std::string> cuda_device_descriptions();

// The CUDA libraries this process runs with, one "name version" line each: driver, runtime, cuBLAS,
// and cuDNN (the loaded library and the cudnn.h this build was compiled against). Empty without CUDA;
// never throws (a failing query reads "unknown").
std::vector<std::string> cuda_library_versions();

// Free memory of the current CUDA device in bytes (0 without CUDA or without a device); never throws.
std::size_t cuda_free_bytes();

// Makes CUDA device `index` current for the calling thread (InputError when it does not exist).
void use_cuda_device(int index);

// Parses a device list "0,1,3" (the `devices` option); checks each index exists.
std::vector<int> parse_cuda_devices(const std::string& text, const std::string& option_name = "devices");

// Throws an InputError explaining why, when `backend` is cuda and no device can be used.
void require_backend_available(Backend backend);

// For the CUDA branch of a backend dispatch in a build without CUDA (require_backend_available has
// already refused; this only ends the function).
[[noreturn]] void fail_no_cuda_build();

}  // namespace rbmdyn
