#pragma once
// Binding CLI11 options to the library's options structs. A flag's neutral name (how library errors
// name it, host/core/error.hpp) is the flag without its dashes, '-' → '_': --batch-size ↔ `batch_size`.
// Values the library parses (devices, enums, shards) are parsed by its own functions as the option is
// read, so a bad value fails with the library's message before any work starts.
#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "host/core/error.hpp"
#include "host/runtime/cuda_math.hpp"
#include "host/runtime/device.hpp"

namespace rbmdyn::cli {

// Help of every --mnist option (the lookup order of resolve_mnist_dir, host/data/mnist.hpp).
inline constexpr const char* kMnistHelp =
    "MNIST folder (default: $RBMDYN_MNIST, else the default data folder of `rbmdyn data --fetch`)";

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

// A seed: a whole number in 0 .. 2^64 - 1 written in decimal digits (the random stream's 64-bit key).
// CLI11 alone would wrap "-1" or saturate "1e30" silently; these are refused, naming the option.
inline uint64_t parse_seed(const std::string& text, const std::string& name) {
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || ec != std::errc() || ptr != end)
    throw InputError("`" + name + "` " + text + ": must be a whole number in 0..18446744073709551615");
  return value;
}

inline CLI::Option* add_seed_option(CLI::App& cmd, uint64_t& target, const std::string& help) {
  return add_parsed(
      cmd, "--seed", target, [](const std::string& t, const std::string& n) { return parse_seed(t, n); }, help,
      std::to_string(target));
}

// --quiet, on every command: no progress lines and no notes on stderr (errors are still printed).
// `progress`, when given, is the job's progress switch, set to false by the flag.
inline void add_quiet_flag(CLI::App& cmd, bool* progress = nullptr, const std::string& what = "progress lines") {
  CLI::Option* flag = cmd.add_flag("--quiet")->description("No " + what + " or notes on stderr (errors are still printed)");
  if (progress != nullptr)
    flag->each([progress](const std::string&) { *progress = false; });
}
inline bool quiet_given(const CLI::App& cmd) {
  const CLI::Option* flag = cmd.get_option_no_throw("--quiet");
  return flag != nullptr && flag->count() > 0;
}

// --device: auto (the default: cuda when a CUDA device is usable, else cpu), cpu or cuda, the same for
// every command. Not given → auto, resolved once parsing is complete (so --help and --version never
// query CUDA). The device chosen is printed on stderr, with why when auto fell back to the CPU.
inline CLI::Option* add_device_option(CLI::App& cmd, Backend& target) {
  CLI::Option* option = add_parsed(
      cmd, "--device", target, [](const std::string& t, const std::string& n) { return parse_backend(t, n); },
      "auto, cpu or cuda", "auto");
  cmd.parse_complete_callback([&cmd, option, &target] {
    const bool chosen = option->count() == 0;
    if (chosen) target = automatic_backend();
    const std::string why = chosen && target == Backend::cpu ? cuda_unavailable_reason() : "";
    std::string line = std::string("rbmdyn: device ") + backend_name(target);
    if (chosen) line += why.empty() ? " (auto)" : " (auto; no CUDA: " + why + ")";
    if (!quiet_given(cmd)) std::fprintf(stderr, "%s\n", line.c_str());
  });
  return option;
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
