// rbmdyn: command-line front end. Every subcommand is a thin layer over the engine library.
#include <cstdio>
#include <exception>
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"rbmdyn: generative dynamics of energy-based networks (CD-1 RBMs, biased Gibbs chains, "
               "chimera states) on CPU and CUDA"};
  app.set_version_flag("--version", std::string("rbmdyn ") + rbmdyn::build_info::version + " (" +
                                        rbmdyn::build_info::git_describe + ")");
  app.require_subcommand(1);
  rbmdyn::cli::add_all_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const rbmdyn::InputError& e) {
    std::fprintf(stderr, "rbmdyn: error: %s\n", with_flags(e.what()).c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rbmdyn: error: %s\n", with_flags(e.what()).c_str());
    return 1;
  }
  return 0;
}
