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
        Color c = e.kind == "fail" ? Color::kRed : e.kind == "rollback" ? Color::kYellow : Color::kGreen;
        std::string line = e.at + "  " + ctx.Paint(c, e.kind) + std::string(e.kind.size() < 9 ? 9 - e.kind.size() : 1, ' ') +
                           e.version + "_" + e.name + "  " + e.actor;
        if (e.duration_ms) line += "  " + std::to_string(*e.duration_ms) + " ms";
        if (e.statement_index) line += "  statement " + std::to_string(*e.statement_index);
        if (!e.error.empty()) line += "\n    " + e.error;
        ctx.Out(line);
      }
      return kExitOk;
    };
  });
}

}  // namespace wayback::cli
