// The command table: one cmd_<verb>.cc per command, each exporting a
// Register function that adds its subcommand and sets what runs.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "context.h"

namespace wayback::cli {

// A command's body, run after parsing; returns the exit code.
using CommandBody = std::function<int()>;

// Each Register adds one subcommand to `app`; when it is chosen, it stores its
// body in `body`.
void RegisterInit(CLI::App& app, Context& ctx, CommandBody& body);
void RegisterNew(CLI::App& app, Context& ctx, CommandBody& body);
void RegisterStatus(CLI::App& app, Context& ctx, CommandBody& body);
void RegisterUp(CLI::App& app, Context& ctx, CommandBody& body);
void RegisterDown(CLI::App& app, Context& ctx, CommandBody& body);
void RegisterHistory(CLI::App& app, Context& ctx, CommandBody& body);
void RegisterLint(CLI::App& app, Context& ctx, CommandBody& body);
void RegisterVerify(CLI::App& app, Context& ctx, CommandBody& body);
void RegisterRun(CLI::App& app, Context& ctx, CommandBody& body);
void RegisterRuns(CLI::App& app, Context& ctx, CommandBody& body);
void RegisterUndo(CLI::App& app, Context& ctx, CommandBody& body);
void RegisterPrune(CLI::App& app, Context& ctx, CommandBody& body);

}  // namespace wayback::cli
