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

[[noreturn]] inline void fail(const std::string& message) { throw Error(message); }
[[noreturn]] inline void fail_input(const std::string& message) { throw InputError(message); }

}  // namespace rbmdyn

// RBMDYN_CHECK(cond, message): internal invariant; throws rbmdyn::Error naming file and line.
#define RBMDYN_CHECK(cond, message)                                                          \
  do {                                                                                      \
    if (!(cond)) {                                                                          \
      throw ::rbmdyn::Error(std::string(message) + " [" #cond " failed at " __FILE__ ":" + \
                            std::to_string(__LINE__) + "]");                                \
    }                                                                                       \
  } while (0)
