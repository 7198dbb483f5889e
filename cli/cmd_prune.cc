// wayback prune: drop journal entries older than the retention window and
// name the runs that can no longer be undone.
#include "commands.h"
#include "exit_codes.h"
#include "journal_view.h"

namespace wayback::cli {

void RegisterPrune(CLI::App& app, Context& ctx, CommandBody& body) {
  CLI::App* cmd = app.add_subcommand("prune", "Drop journal entries older than the retention window");
  auto retention = std::make_shared<std::string>();
  cmd->add_option("--retention", *retention, "Override [journal] retention of wayback.toml (e.g. 7d, 12h)")
      ->option_text("DURATION");
  cmd->callback([&ctx, &body, retention] {
    body = [&ctx, retention] {
      auto project = ctx.LoadProject();
      if (!project) return ReportError(ctx, project.error());
      auto target = ctx.SingleTarget();
      if (!target) return ReportError(ctx, target.error());
      int64_t window = project->journal_retention_ms;
      if (!retention->empty()) {
        auto parsed = ParseDuration(*retention);
        if (!parsed) return ReportError(ctx, Error(parsed.error()).context("--retention"));
        window = *parsed;
      }
      auto report = Prune(*target, window);
      if (!report) return ReportError(ctx, report.error());
      if (ctx.options.json) {
        nlohmann::json expired = nlohmann::json::array();
        for (const auto& r : report->expired) expired.push_back(ToJson(r));
        ctx.Json({{"target", target->name},
                  {"retention_ms", report->retention_ms},
                  {"entries_removed", report->entries_removed},
                  {"expired", expired}});
        return kExitOk;
      }
      if (report->expired.empty()) ctx.Out("nothing to prune: every journal is inside the retention window");
      for (const auto& r : report->expired) {
        ctx.Out(ctx.Paint(Color::kYellow, "can no longer be undone: ") + r.id +
                (r.label.empty() ? "" : " (" + r.label + ")") + ", " + TablesText(r));
      }
      if (!report->expired.empty()) {
        ctx.Out(std::to_string(report->entries_removed) + " journal entries removed");
      }
      return kExitOk;
    };
  });
}

}  // namespace wayback::cli
