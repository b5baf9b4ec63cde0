#include "host/runtime/cuda_math.hpp"

#include "host/core/error.hpp"

namespace rbmdyn {

MathMode parse_math_mode(const std::string& text, const std::string& option) {
  if (text == "fp32") return MathMode::fp32;
  if (text == "tf32") return MathMode::tf32;
  fail_input(quote_option(option) + " " + text + ": expected fp32 or tf32");
}

const char* math_mode_name(MathMode mode) { return mode == MathMode::fp32 ? "fp32" : "tf32"; }

}  // namespace rbmdyn
