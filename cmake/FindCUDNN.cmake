# FindCUDNN
# ---------
# Finds cuDNN 8/9 (cudnn_version.h and the main library), both from ONE place so that the cudnn.h a
# build compiles against matches the library it links and loads:
#   - CUDNN_ROOT (CMake variable, else environment variable): that folder only (its include/ and
#     lib/ or lib64/, e.g. the `nvidia-cudnn-cu13` Python wheel's folder); nothing else is searched,
#     and the configure fails if cuDNN is not there;
#   - otherwise the CUDA toolkit's folders, then the system paths.
# The library may be the unversioned libcudnn.so or only libcudnn.so.9 / .so.8 (the wheel has no
# unversioned link); each folder is searched for all those names before the next folder.
# The include folder is given to the compiler with -I, not -isystem: -I folders are searched before
# the -isystem ones, so the CUDA toolkit's include folder (-isystem) or /usr/local/include, which may
# hold another cuDNN's headers, can never shadow it. (`rbmdyn devices` prints the header and library
# versions; the classifier refuses to run when their major versions differ.)
#
# Result: CUDNN_FOUND, CUDNN_VERSION, CUDNN_INCLUDE_DIR, CUDNN_LIBRARY and the imported target
# CUDNN::cudnn.
set(_cudnn_root "${CUDNN_ROOT}")
if(NOT _cudnn_root AND DEFINED ENV{CUDNN_ROOT})
  set(_cudnn_root "$ENV{CUDNN_ROOT}")
endif()
# A new CUDNN_ROOT must not reuse what an earlier configure found elsewhere.
if(NOT "${_cudnn_root}" STREQUAL "${_CUDNN_ROOT_SEARCHED}")
  unset(CUDNN_INCLUDE_DIR CACHE)
  unset(CUDNN_LIBRARY CACHE)
  set(_CUDNN_ROOT_SEARCHED "${_cudnn_root}" CACHE INTERNAL "CUDNN_ROOT of the last cuDNN search")
endif()

if(_cudnn_root)
  set(_cudnn_where HINTS ${_cudnn_root} NO_DEFAULT_PATH)
else()
  set(_cudnn_where HINTS ${CUDAToolkit_LIBRARY_ROOT} ${CUDAToolkit_TARGET_DIR})
endif()
find_path(CUDNN_INCLUDE_DIR cudnn_version.h ${_cudnn_where} PATH_SUFFIXES include)
find_library(CUDNN_LIBRARY NAMES cudnn libcudnn.so.9 libcudnn.so.8 NAMES_PER_DIR ${_cudnn_where}
             PATH_SUFFIXES lib64 lib lib/x64)

if(CUDNN_INCLUDE_DIR AND EXISTS "${CUDNN_INCLUDE_DIR}/cudnn_version.h")
  file(READ "${CUDNN_INCLUDE_DIR}/cudnn_version.h" _cudnn_version_h)
  string(REGEX MATCH "#define CUDNN_MAJOR ([0-9]+)" _ "${_cudnn_version_h}")
  set(_major "${CMAKE_MATCH_1}")
  string(REGEX MATCH "#define CUDNN_MINOR ([0-9]+)" _ "${_cudnn_version_h}")
  set(_minor "${CMAKE_MATCH_1}")
  string(REGEX MATCH "#define CUDNN_PATCHLEVEL ([0-9]+)" _ "${_cudnn_version_h}")
  set(CUDNN_VERSION "${_major}.${_minor}.${CMAKE_MATCH_1}")
endif()

include(FindPackageHandleStandardArgs)
set(_cudnn_failure "")
if(_cudnn_root)
  set(_cudnn_failure "CUDNN_ROOT=${_cudnn_root} must hold include/cudnn_version.h and lib/libcudnn.so[.9]")
endif()
find_package_handle_standard_args(CUDNN REQUIRED_VARS CUDNN_LIBRARY CUDNN_INCLUDE_DIR VERSION_VAR CUDNN_VERSION
                                  REASON_FAILURE_MESSAGE "${_cudnn_failure}")
if(CUDNN_FOUND AND NOT TARGET CUDNN::cudnn)
  add_library(CUDNN::cudnn UNKNOWN IMPORTED)
  set_target_properties(CUDNN::cudnn PROPERTIES IMPORTED_LOCATION "${CUDNN_LIBRARY}"
                                                INTERFACE_INCLUDE_DIRECTORIES "${CUDNN_INCLUDE_DIR}")
  # -I rather than -isystem (see above).
  if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.25)
    set_target_properties(CUDNN::cudnn PROPERTIES SYSTEM FALSE)
  else()
    set_target_properties(CUDNN::cudnn PROPERTIES IMPORTED_NO_SYSTEM TRUE)
  endif()
endif()
mark_as_advanced(CUDNN_INCLUDE_DIR CUDNN_LIBRARY)
