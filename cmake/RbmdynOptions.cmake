# User-facing switches. Kept in one place so that `cmake -LH` documents them together.
set(RBMDYN_CUDA "AUTO" CACHE STRING "Build the CUDA backends: AUTO (where nvcc exists), ON or OFF")
set_property(CACHE RBMDYN_CUDA PROPERTY STRINGS AUTO ON OFF)
option(RBMDYN_WERROR "Treat compiler warnings as errors" OFF)
option(RBMDYN_NATIVE "Optimise host code for this machine (-march=native)" ON)
