#pragma once
// Binding CLI11 options to the library's options structs. A flag's neutral name (how library errors
// name it, host/core/error.hpp) is the flag without its dashes, '-' → '_': --batch-size ↔ `batch_size`.
// Values the library parses (devices, enums, shards) are parsed by its own functions as the option is
// read, so a bad value fails with the library's message before any work starts.
#include <CLI/CLI.hpp>

#include <string>
#include <utility>
#include <vector>

#include "host/runtime/cuda_math.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn::cli {

inline std::string neutral_name(const std::string& flag) {
  std::string name = flag.substr(flag.find_first_not_of('-'));
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

// `target = parse(text, neutral name)` when the option is given; `shown` is the default --help shows.
template <class T, class Parse>
CLI::Option* add_parsed(CLI::App& cmd, const std::string& flag, T& target, Parse parse, const std::string& help,
                        const std::string& shown) {
  const std::string name = neutral_name(flag);
  return cmd
      .add_option_function<std::string>(
          flag, [&target, parse, name](const std::string& text) { target = parse(text, name); }, help)
      ->default_str(shown);
}

// --device: cpu, cuda or auto; `shown` is the default's name ("auto" where the struct's default is the
// automatic choice).
inline CLI::Option* add_device_option(CLI::App& cmd, Backend& target, const std::string& shown) {
  return add_parsed(
      cmd, "--device", target, [](const std::string& t, const std::string& n) { return parse_backend(t, n); },
      "cpu, cuda or auto", shown);
}

// --math and --deterministic: the CUDA libraries' arithmetic.
inline void add_cuda_math_options(CLI::App& cmd, CudaMathOptions& target) {
  add_parsed(
      cmd, "--math", target.math, [](const std::string& t, const std::string& n) { return parse_math_mode(t, n); },
      "CUDA arithmetic: tf32 or fp32", math_mode_name(target.math));
  cmd.add_flag("--deterministic", target.deterministic, "CUDA: fp32 and deterministic cuDNN algorithms only");
}

// Options whose values go over a base config only where given on the command line (a resumed run's
// checkpoint, an architecture's recipe): each with the config's JSON keys it sets.
class GivenOptions {
 public:
  CLI::Option* add(CLI::Option* option, std::vector<std::string> keys) {
    options_.emplace_back(option, std::move(keys));
    return option;
  }
  // The keys of the options given, in the order they were added.
  std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (const auto& [option, keys] : options_)
      if (option->count() > 0) out.insert(out.end(), keys.begin(), keys.end());
    return out;
  }

 private:
  std::vector<std::pair<CLI::Option*, std::vector<std::string>>> options_;
};

}  // namespace rbmdyn::cli
