// rbmdyn: command-line front end. Every subcommand is a thin layer over the engine library.
#include <cstdio>
#include <exception>

#include "apps/rbmdyn/commands.hpp"
#include "host/core/build_info.hpp"
#include "host/core/error.hpp"

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
    std::fprintf(stderr, "rbmdyn: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rbmdyn: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
