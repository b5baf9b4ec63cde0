# The CPU BLAS: OpenBLAS, preferably its OpenMP build. The CPU engine runs its element-wise loops with
# OpenMP between GEMMs; with the pthreads OpenBLAS the two thread pools spin against each other on a
# small machine (measured: +40 % epoch time on 2 cores), with the OpenMP build they share one pool.
# Sets RBMDYN_BLAS_LIBRARIES and RBMDYN_CBLAS_INCLUDE_DIR. Debian: libopenblas-openmp-dev.
set(_multiarch "${CMAKE_LIBRARY_ARCHITECTURE}")
find_library(RBMDYN_OPENBLAS_OPENMP openblas
             PATHS /usr/lib/${_multiarch}/openblas-openmp /usr/lib64/openblas-openmp NO_DEFAULT_PATH)
if(RBMDYN_OPENBLAS_OPENMP)
  set(RBMDYN_BLAS_LIBRARIES ${RBMDYN_OPENBLAS_OPENMP})
  find_path(RBMDYN_CBLAS_INCLUDE_DIR cblas.h
            PATHS /usr/include/${_multiarch}/openblas-openmp /usr/include/openblas NO_DEFAULT_PATH)
  message(STATUS "rbmdyn: CPU BLAS = OpenBLAS (OpenMP) ${RBMDYN_OPENBLAS_OPENMP}")
else()
  set(BLA_VENDOR OpenBLAS)
  find_package(BLAS REQUIRED)
  set(RBMDYN_BLAS_LIBRARIES ${BLAS_LIBRARIES})
  message(WARNING "rbmdyn: OpenMP build of OpenBLAS not found (Debian: libopenblas-openmp-dev); using "
                  "${BLAS_LIBRARIES}, which may oversubscribe threads")
endif()
find_path(RBMDYN_CBLAS_INCLUDE_DIR cblas.h PATH_SUFFIXES openblas ${_multiarch}/openblas-pthread REQUIRED)
