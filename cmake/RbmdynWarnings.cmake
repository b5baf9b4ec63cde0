# rbmdyn_target_defaults(<target>): warnings, optimisation and OpenMP flags shared by every target.
function(rbmdyn_target_defaults target)
  set(cxx_warnings -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
                   -Wcast-align -Wnull-dereference -Wimplicit-fallthrough)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 raises false -Wrestrict / -Warray-bounds / -Wstringop-* positives inside libstdc++'s std::string and
    # std::vector::insert at -O3 (GCC PRs 105651, 107852); GCC 13 fixed them.
    list(APPEND cxx_warnings -Wno-restrict -Wno-array-bounds -Wno-stringop-overread -Wno-stringop-overflow)
  endif()
  if(RBMDYN_WERROR)
    list(APPEND cxx_warnings -Werror)
  endif()
  target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:${cxx_warnings}>)
  # No implicit FMA contraction on either side: the shared per-element math (host/core/math.hpp) then
  # gives bit-identical results on CPU and GPU, and vectorised and scalar CPU loops agree.
  target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-ffp-contract=off>
                                           $<$<COMPILE_LANGUAGE:CUDA>:--fmad=false>)
  if(RBMDYN_NATIVE)
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-march=native>)
  endif()
  if(RBMDYN_ENABLE_CUDA)
    # nvcc forwards host warnings to g++; device-side, warn on everything nvcc knows.
    set(cuda_warnings -Xcompiler=-Wall,-Wextra -Wno-deprecated-gpu-targets --Wreorder
                      --expt-relaxed-constexpr)
    if(RBMDYN_WERROR)
      list(APPEND cuda_warnings -Werror=all-warnings)
    endif()
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CUDA>:${cuda_warnings}>)
  endif()
endfunction()
