# Sanitizer and fuzzing builds (docs/reliability.md). Included before the targets are defined, so the
# flags reach every C/C++ target; CUDA sources are left alone.
#   RBMDYN_SANITIZE  comma list for -fsanitize= (e.g. address,undefined), "" = off (default)
#   RBMDYN_FUZZ      build the libFuzzer targets of tests/fuzz (Clang only; implies address,undefined
#                    and coverage instrumentation of every target, which the ordinary tests tolerate)
set(RBMDYN_SANITIZE "" CACHE STRING "Build with -fsanitize=<list>, e.g. address,undefined (empty: off)")
option(RBMDYN_FUZZ "Build the libFuzzer targets of tests/fuzz (Clang; with ASan + UBSan)" OFF)

if(RBMDYN_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "RBMDYN_FUZZ needs Clang with libFuzzer (Debian: clang libclang-rt-dev; "
                        "scripts/setup.sh --fuzz), configure with -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang")
  endif()
  if(NOT RBMDYN_SANITIZE)
    set(RBMDYN_SANITIZE "address,undefined" CACHE STRING "" FORCE)
  endif()
endif()

if(RBMDYN_SANITIZE)
  # Stop at the first report (a report must fail the run), and keep frames for readable stacks.
  set(_rbmdyn_san -fsanitize=${RBMDYN_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  set(_rbmdyn_san_compile ${_rbmdyn_san})
  if(RBMDYN_FUZZ)
    list(APPEND _rbmdyn_san_compile -fsanitize=fuzzer-no-link)
  endif()
  add_compile_options("$<$<COMPILE_LANGUAGE:C,CXX>:${_rbmdyn_san_compile}>")
  add_link_options("$<$<LINK_LANGUAGE:C,CXX>:${_rbmdyn_san}>")
  message(STATUS "rbmdyn: sanitizers ${RBMDYN_SANITIZE} (fuzz targets: ${RBMDYN_FUZZ})")

  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang" AND NOT RBMDYN_SANITIZE MATCHES "thread")
    # One OpenMP runtime per process: OpenBLAS here is its libgomp build, so Clang must use libgomp too,
    # not its own libomp. Clang 14 then treats `#pragma omp` as a no-op (it emits parallel code only for
    # libomp), so this build runs the engine's OpenMP loops on one thread and OpenBLAS on many: the
    # sanitizers see every line, though not the thread interleavings (docs/reliability.md).
    # ThreadSanitizer builds keep Clang's libomp instead: libgomp's barriers are invisible to TSan, while
    # libomp announces them through its OMPT tool "archer" (run with OMP_TOOL_LIBRARIES=libarcher.so and
    # OPENBLAS_NUM_THREADS=1, so that the libgomp that OpenBLAS loads never starts a thread).
    find_library(RBMDYN_LIBGOMP NAMES gomp libgomp.so.1 REQUIRED)
    set(OpenMP_CXX_FLAGS "-fopenmp=libgomp" CACHE STRING "OpenMP flags (libgomp, as OpenBLAS)" FORCE)
    set(OpenMP_CXX_LIB_NAMES "gomp" CACHE STRING "" FORCE)
    set(OpenMP_gomp_LIBRARY "${RBMDYN_LIBGOMP}" CACHE FILEPATH "" FORCE)
  endif()
endif()
