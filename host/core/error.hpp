#pragma once
// rbmdyn reports every failure as an rbmdyn::Error whose message says what went wrong and where
// (the file, option or call), so that the CLI can print it and exit cleanly.
#include <stdexcept>
#include <string>

namespace rbmdyn {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A problem with a user-given input (file contents, option values). The message names the input.
class InputError : public Error {
 public:
  using Error::Error;
};

// A run stopped by SIGINT/SIGTERM after saving its state (exit code 130 in the CLI).
class Interrupted : public Error {
 public:
  using Error::Error;
};

// Messages name an option by its neutral name, the option's name in snake_case as the options structs
// spell it, in backquotes: quote_option("batch_size") = "`batch_size`". The library never spells a front
// end's flag; the CLI shows `batch_size` as --batch-size.
inline std::string quote_option(const std::string& name) { return "`" + name + "`"; }

[[noreturn]] inline void fail(const std::string& message) { throw Error(message); }
[[noreturn]] inline void fail_input(const std::string& message) { throw InputError(message); }
[[noreturn]] inline void fail_interrupted(const std::string& message) { throw Interrupted(message); }

}  // namespace rbmdyn

// RBMDYN_CHECK(cond, message): internal invariant; throws rbmdyn::Error naming file and line.
#define RBMDYN_CHECK(cond, message)                                                          \
  do {                                                                                      \
    if (!(cond)) {                                                                          \
      throw ::rbmdyn::Error(std::string(message) + " [" #cond " failed at " __FILE__ ":" + \
                            std::to_string(__LINE__) + "]");                                \
    }                                                                                       \
  } while (0)
