#pragma once
// The subcommands of the rbmdyn CLI. Each lives in its own cmd_<name>.cpp and registers itself with
// RBMDYN_REGISTER_COMMAND(order, function), where `function(app)` adds its subcommand, options and a
// callback that does the work through the engine library. `order` sorts the --help listing (the
// pipeline order: data 10, train-rbm 20, biasing 30, generate 40, nondigits 50, train-classifier 60,
// classify 70, analyze 80, sweep 90, merge 95, reproduce 100, inspect 190, devices 200). Errors propagate as
// rbmdyn::Error to main(), which prints them and exits non-zero.
#include <CLI/CLI.hpp>

namespace rbmdyn::cli {

using CommandAdder = void (*)(CLI::App&);

struct CommandRegistrar {
  CommandRegistrar(int order, CommandAdder add);
};

// All registered adders, in `order`.
void add_all_commands(CLI::App& app);

}  // namespace rbmdyn::cli

#define RBMDYN_REGISTER_COMMAND(order, adder) \
  static const ::rbmdyn::cli::CommandRegistrar rbmdyn_command_registrar_##adder{order, adder}
