# The CPU BLAS: OpenBLAS, preferably its OpenMP build. The CPU engine runs its element-wise loops with
# OpenMP between GEMMs; with the pthreads OpenBLAS the two thread pools spin against each other on a
# small machine (measured: +40 % epoch time on 2 cores), with the OpenMP build they share one pool.
# Sets RBMDYN_BLAS_LIBRARIES and RBMDYN_CBLAS_INCLUDE_DIR. Debian: libopenblas-openmp-dev.
#
# The OpenMP build is looked for in Debian's multiarch layout under every prefix CMake searches:
# CMAKE_PREFIX_PATH first (e.g. the folder scripts/device-deps.sh unpacks the .deb files into on the
# GPU machine, which has no -dev packages installed), then the system prefixes:
#   <prefix>/lib/<multiarch>/openblas-openmp/libopenblas.so, <prefix>/include/<multiarch>/openblas-openmp/cblas.h
set(_multiarch "${CMAKE_LIBRARY_ARCHITECTURE}")
set(_openblas_openmp_lib_dirs "")
set(_openblas_openmp_include_dirs "")
string(REPLACE ":" ";" _env_prefixes "$ENV{CMAKE_PREFIX_PATH}")
foreach(_prefix IN LISTS CMAKE_PREFIX_PATH _env_prefixes CMAKE_SYSTEM_PREFIX_PATH)
  list(APPEND _openblas_openmp_lib_dirs ${_prefix}/lib/${_multiarch}/openblas-openmp ${_prefix}/lib64/openblas-openmp)
  list(APPEND _openblas_openmp_include_dirs ${_prefix}/include/${_multiarch}/openblas-openmp)
endforeach()
find_library(RBMDYN_OPENBLAS_OPENMP openblas PATHS ${_openblas_openmp_lib_dirs} NO_DEFAULT_PATH)
if(RBMDYN_OPENBLAS_OPENMP)
  set(RBMDYN_BLAS_LIBRARIES ${RBMDYN_OPENBLAS_OPENMP})
  find_path(RBMDYN_CBLAS_INCLUDE_DIR cblas.h PATHS ${_openblas_openmp_include_dirs} NO_DEFAULT_PATH)
  message(STATUS "rbmdyn: CPU BLAS = OpenBLAS (OpenMP) ${RBMDYN_OPENBLAS_OPENMP}")
else()
  set(BLA_VENDOR OpenBLAS)
  find_package(BLAS REQUIRED)
  set(RBMDYN_BLAS_LIBRARIES ${BLAS_LIBRARIES})
  message(WARNING "rbmdyn: OpenMP build of OpenBLAS not found (Debian: libopenblas-openmp-dev); using "
                  "${BLAS_LIBRARIES}, which may oversubscribe threads")
endif()
find_path(RBMDYN_CBLAS_INCLUDE_DIR cblas.h PATH_SUFFIXES openblas ${_multiarch}/openblas-pthread REQUIRED)
