#pragma once
// How GPU results are compared with their CPU twins in tests/gpu (header-only).
//
// relative_error(gpu, cpu) = max_i |gpu_i − cpu_i| / max_i |cpu_i|: the error at the tensor's own
// scale, so a gradient of size 1e-3 is checked at 1e-3 and not as an absolute 1e-4 (as a
// max(1, max|cpu|) denominator would). A floor of 1e-30 on the denominator keeps an all-zero reference
// meaningful (any difference then fails any sane tolerance). A size mismatch or a non-finite value on
// either side gives +inf, so it fails every tolerance. 0 means bit-for-bit equal values.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace rbmdyn::test {

template <class A, class B>
double relative_error(const std::vector<A>& gpu, const std::vector<B>& cpu) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (gpu.size() != cpu.size()) return kInf;
  double diff = 0.0, scale = 1e-30;
  for (std::size_t i = 0; i < cpu.size(); ++i) {
    const auto g = static_cast<double>(gpu[i]);
    const auto c = static_cast<double>(cpu[i]);
    if (!std::isfinite(g) || !std::isfinite(c)) {
      if (std::isnan(g) && std::isnan(c)) continue;  // both NaN: the same (undefined) value
      if (g != c) return kInf;                      // ±inf must match exactly
      continue;
    }
    diff = std::max(diff, std::fabs(g - c));
    scale = std::max(scale, std::fabs(c));
  }
  return diff / scale;
}

}  // namespace rbmdyn::test
