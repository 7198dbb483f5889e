// wayback down: roll back with the down SQL stored at apply time.
#include <map>

#include "commands.h"
#include "wayback/lint.h"
#include "exit_codes.h"
#include "json_view.h"
#include "progress.h"

namespace wayback::cli {

void PrintDeploySummary(const Context& ctx, const DeployReport& r, const char* verb,
                        const std::map<std::string, MigrationClass>* classes = nullptr);

namespace {

struct DownArgs {
  std::string to;
  int steps = 0;
  bool dry_run = false;
};

}  // namespace

void RegisterDown(CLI::App& app, Context& ctx, CommandBody& body) {
  CLI::App* cmd = app.add_subcommand(
      "down", "Roll back with the down SQL stored at apply time (works when the files are gone)");
  auto args = std::make_shared<DownArgs>();
  auto* to = cmd->add_option("--to", args->to, "Roll back every migration above this version")
                 ->option_text("VERSION");
  cmd->add_option("--steps", args->steps, "Roll back this many migrations (default 1)")
      ->option_text("N")
      ->excludes(to);
  cmd->add_flag("--dry-run", args->dry_run, "Show what would run; change nothing");
  cmd->callback([&ctx, &body, args] {
    body = [&ctx, args] {
      auto target = ctx.SingleTarget();
      if (!target) return ReportError(ctx, target.error());
      DownOptions options;
      if (!args->to.empty()) options.to = args->to;
      if (args->steps != 0) options.steps = args->steps;
      options.dry_run = args->dry_run;
      ProgressObserver progress(ctx);
      auto report = Down(*target, options, progress);
      if (!report) return ReportError(ctx, report.error());
      if (ctx.options.json) ctx.Json(ToJson(*report));
      PrintDeploySummary(ctx, *report, "rolled back");
      return kExitOk;
    };
  });
}

}  // namespace wayback::cli
