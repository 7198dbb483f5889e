// wayback undo: reverse exactly what a run wrote; rows changed since are
// conflicts, listed and left alone (exit 1) unless --force-conflicts.
#include "commands.h"
#include "exit_codes.h"
#include "journal_view.h"

namespace wayback::cli {
namespace {

struct UndoArgs {
  std::string run;
  bool dry_run = false;
  bool force = false;
};

void PrintReport(const Context& ctx, const UndoReport& r) {
  if (r.dry_run) {
    for (const auto& c : r.changes) {
      std::string verb = c.action == "reinsert" ? "re-insert" : c.action;
      ctx.Out("would " + verb + " " + c.table + " " + c.key + ": " + c.from + " -> " + c.to);
    }
  }
  std::string verb = r.dry_run ? "would restore " : "restored ";
  ctx.Out(verb + std::to_string(r.restored) + ", re-insert " + std::to_string(r.reinserted) + ", delete " +
          std::to_string(r.deleted) + " rows of run " + r.run_id + "; " + std::to_string(r.unchanged) +
          " already as before" + (r.undo_run_id.empty() ? "" : "; this undo is run " + r.undo_run_id));
  if (r.conflicts_total == 0) return;
  ctx.Out(ctx.Paint(Color::kYellow,
                    std::to_string(r.conflicts_total) + (r.conflicts_total == 1 ? " conflict" : " conflicts")) +
          (r.forced ? " (overwritten: --force-conflicts)" : ", left alone (changed since the run wrote them):"));
  for (const auto& c : r.conflicts) {
    ctx.Out("  " + c.table + " " + c.key);
    ctx.Out("      run wrote: " + c.wrote);
    ctx.Out("      now holds: " + c.now);
  }
  if (static_cast<int64_t>(r.conflicts.size()) < r.conflicts_total) {
    ctx.Out("  … and " + std::to_string(r.conflicts_total - static_cast<int64_t>(r.conflicts.size())) +
            " more (use --json for the list)");
  }
}

}  // namespace

void RegisterUndo(CLI::App& app, Context& ctx, CommandBody& body) {
  CLI::App* cmd = app.add_subcommand("undo", "Reverse exactly what a run wrote; rows changed since are conflicts");
  auto a = std::make_shared<UndoArgs>();
  cmd->add_option("run", a->run, "The run id (see `wayback runs`)")->required()->option_text("RUN");
  cmd->add_flag("--dry-run", a->dry_run, "Show exactly what would change; change nothing");
  cmd->add_flag("--force-conflicts", a->force, "Restore conflicting rows too, over the writes made since");
  cmd->callback([&ctx, &body, a] {
    body = [&ctx, a] {
      auto target = ctx.SingleTarget();
      if (!target) return ReportError(ctx, target.error());
      auto report = Undo(*target, a->run, {a->dry_run, a->force});
      if (!report) return ReportError(ctx, report.error());
      if (ctx.options.json) ctx.Json(ToJson(*report));
      PrintReport(ctx, *report);
      return report->conflicts_total > 0 && !a->force ? kExitFindings : kExitOk;
    };
  });
}

}  // namespace wayback::cli
