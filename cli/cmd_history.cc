// wayback history: the append-only event log of a target.
#include "commands.h"
#include "exit_codes.h"
#include "json_view.h"

namespace wayback::cli {

void RegisterHistory(CLI::App& app, Context& ctx, CommandBody& body) {
  CLI::App* cmd = app.add_subcommand("history", "The event log: apply, rollback, fail");
  cmd->callback([&ctx, &body] {
    body = [&ctx] {
      auto target = ctx.SingleTarget();
      if (!target) return ReportError(ctx, target.error());
      auto events = History(*target);
      if (!events) return ReportError(ctx, events.error());
      if (ctx.options.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& e : *events) list.push_back(ToJson(e));
        ctx.Json({{"target", target->name}, {"events", list}});
      }
      if (events->empty()) ctx.Out("no events yet");
      for (const auto& e : *events) {
        Color c = e.kind == "fail" ? Color::kRed : e.kind == "rollback" || e.kind == "undo" ? Color::kYellow : Color::kGreen;
        // Migration events name the migration; run, undo and prune events name
        // the run (if any) and say what happened in their detail.
        std::string subject = e.version.empty() ? (e.name.empty() ? "" : "run " + e.name) : e.version + "_" + e.name;
        std::string pad(e.kind.size() < 9 ? 9 - e.kind.size() : 1, ' ');
        std::string line = e.at + "  " + ctx.Paint(c, e.kind) + pad + subject + "  " + e.actor;
        if (e.duration_ms) line += "  " + std::to_string(*e.duration_ms) + " ms";
        if (e.statement_index) line += "  statement " + std::to_string(*e.statement_index);
        if (!e.detail.empty() && e.kind != "fail" && e.kind != "start") line += "\n    " + e.detail;
        if (!e.error.empty()) line += "\n    " + e.error;
        ctx.Out(line);
      }
      return kExitOk;
    };
  });
}

}  // namespace wayback::cli
