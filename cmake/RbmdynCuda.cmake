# Decides whether the CUDA backends are built and finds the CUDA libraries they use.
# Sets RBMDYN_ENABLE_CUDA (ON/OFF). With CUDA: enables the CUDA language (architecture 90 unless
# CMAKE_CUDA_ARCHITECTURES is given) and finds CUDAToolkit (cudart, cuBLAS, NVTX3) and cuDNN.
include(CheckLanguage)
set(RBMDYN_ENABLE_CUDA OFF)
if(RBMDYN_CUDA STREQUAL "AUTO" OR RBMDYN_CUDA)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    set(RBMDYN_ENABLE_CUDA ON)
  elseif(NOT RBMDYN_CUDA STREQUAL "AUTO")
    message(FATAL_ERROR "RBMDYN_CUDA=ON but no CUDA compiler (nvcc) was found; put nvcc on PATH, "
                        "set CMAKE_CUDA_COMPILER, or configure with -DRBMDYN_CUDA=OFF")
  endif()
endif()

if(RBMDYN_ENABLE_CUDA)
  if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
    set(CMAKE_CUDA_ARCHITECTURES 90)
  endif()
  enable_language(CUDA)
  set(CMAKE_CUDA_STANDARD 17)  # CMake 3.25 knows no CUDA20 dialect for nvcc 13; kernels need only C++17
  set(CMAKE_CUDA_STANDARD_REQUIRED ON)
  find_package(CUDAToolkit REQUIRED)
  find_package(CUDNN REQUIRED)
  message(STATUS "rbmdyn: CUDA backends ON (nvcc ${CMAKE_CUDA_COMPILER_VERSION}, "
                 "architectures ${CMAKE_CUDA_ARCHITECTURES}, cuDNN ${CUDNN_VERSION})")
else()
  message(STATUS "rbmdyn: CUDA backends OFF (CPU engine only)")
endif()
