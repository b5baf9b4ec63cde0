#pragma once
// CUDA builds only: checks that the loaded cuDNN library matches the cudnn.h compiled against (same
// major version); throws an Error naming both versions and the fix otherwise.
// (cuda_library_versions(), which lists them, is in host/runtime/device.hpp.)

namespace rbmdyn {

void check_cudnn_version();

}  // namespace rbmdyn
