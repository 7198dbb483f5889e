// wayback runs: every tracked run with what it wrote and whether it can still be undone.
#include "commands.h"
#include "exit_codes.h"
#include "journal_view.h"

namespace wayback::cli {

void RegisterRuns(CLI::App& app, Context& ctx, CommandBody& body) {
  CLI::App* cmd = app.add_subcommand("runs", "List tracked runs: rows per table, done / undone / expired");
  cmd->callback([&ctx, &body] {
    body = [&ctx] {
      auto target = ctx.SingleTarget();
      if (!target) return ReportError(ctx, target.error());
      auto runs = ListRuns(*target);
      if (!runs) return ReportError(ctx, runs.error());
      if (ctx.options.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& r : *runs) list.push_back(ToJson(r));
        ctx.Json({{"target", target->name}, {"runs", list}});
        return kExitOk;
      }
      if (runs->empty()) ctx.Out("no runs yet");
      for (const auto& r : *runs) {
        Color c = r.state == "done"      ? Color::kGreen
                  : r.state == "expired" || r.state == "failed" ? Color::kDim
                                                                : Color::kYellow;
        std::string line = r.id + "  " + ctx.Paint(c, r.state) + "  " + r.kind + "  " + r.started_at;
        if (!r.label.empty()) line += "  " + r.label;
        ctx.Out(line);
        ctx.Out("    " + TablesText(r) + (r.undoes.empty() ? "" : "  (undoes " + r.undoes + ")"));
      }
      return kExitOk;
    };
  });
}

}  // namespace wayback::cli
