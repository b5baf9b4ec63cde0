// cuBLAS loaded on first use. Linking libcublas (with libcublasLt) costs every start ~215 MB of memory,
// even `rbmdyn --version` on a machine without a GPU; cudart and cuDNN cost ~1 MB. So rbmdyn does not
// link it: this file defines the cuBLAS entry points rbmdyn calls, each resolving the real one with
// dlopen/dlsym the first time it is called. The declarations come from cublas_v2.h, so the compiler
// checks every signature. A cuBLAS function used elsewhere and missing here is a link error: add it
// below with RBMDYN_CUBLAS_FORWARD.
//
// Where the library is looked up: the executable's RUNPATH and the loader's usual places (dlopen),
// then the folder libcudart was loaded from. When it cannot be loaded, every call returns
// CUBLAS_STATUS_NOT_INITIALIZED and cublasGetStatusString says why (the callers' CUBLAS_CHECK shows it).
#include <cublas_v2.h>
#include <cuda_runtime_api.h>
#include <dlfcn.h>

#include <filesystem>
#include <string>

namespace {

struct CublasLibrary {
  void* handle = nullptr;
  std::string error;  // why it could not be loaded
};

const CublasLibrary& cublas_library() {
  static const CublasLibrary lib = [] {
    CublasLibrary l;
    const std::string soname = "libcublas.so." + std::to_string(CUBLAS_VER_MAJOR);
    l.handle = dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (l.handle) return l;
    l.error = dlerror();
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&cudaRuntimeGetVersion), &info) != 0 && info.dli_fname) {
      const std::string beside = (std::filesystem::path(info.dli_fname).parent_path() / soname).string();
      l.handle = dlopen(beside.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (!l.handle) l.error += "; " + std::string(dlerror());
    }
    return l;
  }();
  return lib;
}

void* cublas_symbol(const char* name) {
  const CublasLibrary& lib = cublas_library();
  return lib.handle ? dlsym(lib.handle, name) : nullptr;
}

}  // namespace

// Defines `name params` forwarding `args` to the library's function of that name.
#define RBMDYN_CUBLAS_FORWARD(name, params, args)                    \
  cublasStatus_t CUBLASWINAPI name params {                          \
    using Fn = cublasStatus_t(CUBLASWINAPI*) params;                 \
    static const Fn fn = reinterpret_cast<Fn>(cublas_symbol(#name)); \
    return fn ? fn args : CUBLAS_STATUS_NOT_INITIALIZED;             \
  }

extern "C" {

RBMDYN_CUBLAS_FORWARD(cublasCreate_v2, (cublasHandle_t * handle), (handle))
RBMDYN_CUBLAS_FORWARD(cublasDestroy_v2, (cublasHandle_t handle), (handle))
RBMDYN_CUBLAS_FORWARD(cublasGetProperty, (libraryPropertyType type, int* value), (type, value))
RBMDYN_CUBLAS_FORWARD(cublasSetStream_v2, (cublasHandle_t handle, cudaStream_t stream), (handle, stream))
RBMDYN_CUBLAS_FORWARD(cublasSetMathMode, (cublasHandle_t handle, cublasMath_t mode), (handle, mode))
RBMDYN_CUBLAS_FORWARD(cublasSetPointerMode_v2, (cublasHandle_t handle, cublasPointerMode_t mode), (handle, mode))
RBMDYN_CUBLAS_FORWARD(cublasSetWorkspace_v2, (cublasHandle_t handle, void* workspace, size_t bytes),
                      (handle, workspace, bytes))
RBMDYN_CUBLAS_FORWARD(cublasSaxpy_v2,
                      (cublasHandle_t handle, int n, const float* alpha, const float* x, int incx, float* y, int incy),
                      (handle, n, alpha, x, incx, y, incy))
RBMDYN_CUBLAS_FORWARD(cublasSgemm_v2,
                      (cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k,
                       const float* alpha, const float* A, int lda, const float* B, int ldb, const float* beta,
                       float* C, int ldc),
                      (handle, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc))

const char* CUBLASWINAPI cublasGetStatusString(cublasStatus_t status) {
  using Fn = const char*(CUBLASWINAPI*)(cublasStatus_t);
  static const Fn fn = reinterpret_cast<Fn>(cublas_symbol("cublasGetStatusString"));
  if (fn) return fn(status);
  static const std::string why = "cuBLAS could not be loaded: " + cublas_library().error;
  return why.c_str();
}

}  // extern "C"
