// rbmdyn: command-line front end. Every subcommand is a thin layer over the engine library.
#include <cstdio>
#include <exception>
#include <new>
#include <regex>
#include <string>

#include "apps/rbmdyn/commands.hpp"
#include "host/core/build_info.hpp"
#include "host/core/error.hpp"

namespace {

// Library messages name options by their neutral name in backquotes (host/core/error.hpp): show each as
// this CLI's flag, `batch_size` -> --batch-size.
std::string with_flags(const std::string& message) {
  static const std::regex quoted("`([a-z][a-z0-9_]*)`");
  std::string out;
  auto last = message.cbegin();
  for (std::sregex_iterator it(message.begin(), message.end(), quoted), end; it != end; ++it) {
    out.append(last, (*it)[0].first);
    std::string flag = "--" + (*it)[1].str();
    for (char& c : flag)
      if (c == '_') c = '-';
    out += flag;
    last = (*it)[0].second;
  }
  out.append(last, message.cend());
  return out;
}

// Exit codes (documented in --help and the README): 0 ok, 1 internal error, 2 bad input (options, files;
// CLI parse errors too), 130 interrupted (SIGINT/SIGTERM; state saved where the command says).
constexpr int kExitInternal = 1;
constexpr int kExitInput = 2;
constexpr int kExitInterrupted = 130;

int print_error(const std::string& message, int code) {
  std::fprintf(stderr, "rbmdyn: error: %s\n", message.c_str());
  return code;
}

// "unknown command 'x'; commands: data, train-rbm, ..." when the first argument is not an option and
// names no subcommand; "" otherwise.
std::string unknown_command(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return "";
  std::string known;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == argv[1]) return "";
    known += (known.empty() ? "" : ", ") + sub->get_name();
  }
  return std::string("unknown command '") + argv[1] + "'; commands: " + known + " (rbmdyn --help)";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"rbmdyn: generative dynamics of energy-based networks (CD-1 RBMs, biased Gibbs chains, "
               "chimera states) on CPU and CUDA"};
  app.set_version_flag("--version", std::string("rbmdyn ") + rbmdyn::build_info::version + " (" +
                                        rbmdyn::build_info::git_describe + ")");
  app.footer("Exit codes: 0 ok, 1 internal error, 2 bad input (options or files), 130 interrupted (state saved).");
  app.require_subcommand(1);
  rbmdyn::cli::add_all_commands(app);
  rbmdyn::cli::record_command_line(argc, argv);
  const std::string unknown = unknown_command(app, argc, argv);
  if (!unknown.empty()) return print_error(unknown, kExitInput);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return print_error(std::string(e.what()) + " (--help lists the options)", kExitInput);
  } catch (const rbmdyn::Interrupted& e) {
    return print_error(with_flags(e.what()), kExitInterrupted);
  } catch (const rbmdyn::InputError& e) {
    return print_error(with_flags(e.what()), kExitInput);
  } catch (const std::bad_alloc&) {  // sizes are checked first (host/util/memory_check.hpp); this is the rest
    return print_error("out of memory: the options ask for more memory than this machine has", kExitInternal);
  } catch (const std::exception& e) {
    return print_error(with_flags(e.what()), kExitInternal);
  }
  return 0;
}
