// wayback: the command-line tool. Parses the global options, dispatches to a
// command from the table below and maps errors to exit codes (exit_codes.h).
#include <cstdio>
#include <exception>

#include "commands.h"
#include "exit_codes.h"

namespace {

using RegisterFn = void (*)(CLI::App&, wayback::cli::Context&, wayback::cli::CommandBody&);

// The command table, in the order `wayback --help` lists them.
constexpr RegisterFn kCommands[] = {
    wayback::cli::RegisterInit,   wayback::cli::RegisterNew,  wayback::cli::RegisterStatus,
    wayback::cli::RegisterUp,     wayback::cli::RegisterDown, wayback::cli::RegisterHistory,
    wayback::cli::RegisterRun,    wayback::cli::RegisterRuns, wayback::cli::RegisterUndo,
    wayback::cli::RegisterPrune,  wayback::cli::RegisterVerify, wayback::cli::RegisterLint,
};

}  // namespace

int main(int argc, char** argv) {
  using namespace wayback::cli;
  Context ctx;
  CLI::App app{"wayback — database migrations that keep the way back in the database", "wayback"};
  app.require_subcommand(1);
  app.fallthrough();
  auto& o = ctx.options;
  app.add_option("-C", o.dir, "Work in this project folder")->option_text("DIR");
  app.add_option("-t,--target", o.target, "Work on this target of wayback.toml")->option_text("TARGET");
  app.add_option("--database", o.database, "Database URL (overrides wayback.toml and $WAYBACK_DATABASE_URL)")
      ->option_text("URL");
  app.add_option("--migrations", o.migrations, "Migrations folder")->option_text("DIR");
  app.add_flag("--json", o.json, "Print one JSON document on stdout");
  app.add_flag("--yes", o.yes, "Answer yes to confirmations");
  app.add_flag("--no-color", o.no_color, "Never colour the output (also: NO_COLOR=1)");
  app.set_version_flag("--version", "wayback 0.1.0");
  app.footer(
      "Exit codes: 0 ok · 1 findings · 2 usage or bad input · 3 lock or concurrency conflict · "
      "4 database error · 70 internal error");

  CommandBody body;
  for (RegisterFn reg : kCommands) reg(app, ctx, body);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  try {
    return body ? body() : kExitBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wayback: internal error: %s\n", e.what());
    return kExitInternal;
  }
}
