// wayback status: applied / pending / ahead of the code / edited after apply.
#include <map>

#include "classify_view.h"
#include "commands.h"
#include "exit_codes.h"
#include "json_view.h"
#include "wayback/verify.h"

namespace wayback::cli {
namespace {

// "  verified reversible" for the verdict `wayback verify` stored for exactly these files.
std::string VerdictTag(const Context& ctx, const std::vector<StoredVerdict>& verdicts, const std::string& up,
                       const std::string& down) {
  const StoredVerdict* v = FindVerdict(verdicts, up, down);
  if (!v) return ctx.Paint(Color::kDim, "  not verified");
  Color color = v->verdict == Verdict::kReversible ? Color::kGreen
                : IsFailingVerdict(v->verdict)    ? Color::kRed
                                                  : Color::kYellow;
  return ctx.Paint(color, std::string("  verified ") + VerdictName(v->verdict));
}

void PrintStatus(const Context& ctx, const StatusReport& r, const std::vector<StoredVerdict>& verdicts,
                 const std::map<std::string, MigrationClass>& classes) {
  ctx.Out(ctx.Paint(Color::kBold, "target " + r.target) + "  " + r.database);
  std::map<std::string, bool> ahead;
  for (const auto& a : r.ahead) ahead[a.version] = true;
  for (const auto& a : r.applied) {
    if (ahead.count(a.version)) continue;
    ctx.Out("  " + ctx.Paint(Color::kGreen, "applied ") + "  " + a.Id() + "  " +
            ctx.Paint(Color::kDim, a.applied_at + " by " + a.applied_by) +
            (a.irreversible_reason ? ctx.Paint(Color::kYellow, "  irreversible") : "") +
            VerdictTag(ctx, verdicts, a.up_checksum, a.down_checksum.value_or("")));
  }
  for (const auto& m : r.pending) {
    auto c = classes.find(m.version);
    ctx.Out("  " + ctx.Paint(Color::kYellow, "pending ") + "  " + m.Id() +
            (c != classes.end() ? ClassTag(ctx, c->second) : "") +
            VerdictTag(ctx, verdicts, m.up.checksum, m.down ? m.down->checksum : ""));
    if (c != classes.end()) {
      for (const auto& lock : LockLines(c->second)) ctx.Out(ctx.Paint(Color::kYellow, "              lock: ") + lock);
    }
  }
  for (const auto& a : r.ahead) {
    ctx.Out("  " + ctx.Paint(Color::kRed, "AHEAD   ") + "  " + a.Id() + "  applied " + a.applied_at +
            ", not in the code; " + (a.DownStored() ? "down stored" : "NO down stored"));
  }
  for (const auto& e : r.edited) {
    ctx.Out("  " + ctx.Paint(Color::kRed, "EDITED  ") + "  " + e.version + "_" + e.name +
            "  the up file changed after it was applied");
  }
  for (const auto& e : r.down_changed) {
    ctx.Out("  " + ctx.Paint(Color::kYellow, "down≠   ") + "  " + e.version + "_" + e.name +
            "  the down file differs from the stored down (down runs the stored one)");
  }
  for (const auto& f : r.failed) {
    std::string where = f.statement_index ? " at statement " + std::to_string(*f.statement_index) : "";
    ctx.Out("  " + ctx.Paint(Color::kRed, "FAILED  ") + "  " + f.version + "_" + f.name + where + " (" + f.at +
            "): " + f.error + (f.no_transaction && f.statement_index && *f.statement_index > 1
                                   ? "; earlier statements stayed applied (no-transaction)"
                                   : ""));
  }
  std::string summary = std::to_string(r.applied.size() - r.ahead.size()) + " applied, " +
                        std::to_string(r.pending.size()) + " pending";
  if (!r.ahead.empty()) summary += ", " + std::to_string(r.ahead.size()) + " ahead of the code";
  if (!r.edited.empty()) summary += ", " + std::to_string(r.edited.size()) + " edited";
  if (!r.failed.empty()) summary += ", " + std::to_string(r.failed.size()) + " failed";
  ctx.Out("  " + summary);
  if (!r.ahead.empty()) {
    ctx.Out("  the database is ahead of the code: `wayback down` runs the stored down SQL of these");
  }
}

}  // namespace

void RegisterStatus(CLI::App& app, Context& ctx, CommandBody& body) {
  CLI::App* cmd = app.add_subcommand("status", "Applied, pending, ahead-of-code and edited migrations");
  cmd->callback([&ctx, &body] {
    body = [&ctx] {
      auto project = ctx.LoadProject();
      if (!project) return ReportError(ctx, project.error());
      if (project->targets.empty() && project->skipped.empty()) {
        return ReportError(ctx, Error(ErrorKind::kBadInput, "no database to work on")
                                    .with_hint("run `wayback init`, pass --database URL, or set WAYBACK_DATABASE_URL"));
      }
      nlohmann::json docs = nlohmann::json::array();
      for (const auto& t : project->targets) {
        auto report = GetStatus(t);
        if (!report) return ReportError(ctx, Error(report.error()).context("target " + t.name));
        docs.push_back(ToJson(*report));
        // Verdicts are extra information: status works without them.
        std::vector<StoredVerdict> verdicts = LoadVerdicts(t).value_or(std::vector<StoredVerdict>{});
        nlohmann::json vj = nlohmann::json::array();
        for (const auto& v : verdicts) {
          vj.push_back({{"version", v.version}, {"name", v.name}, {"verdict", VerdictName(v.verdict)},
                        {"up_checksum", v.up_checksum}, {"down_checksum", v.down_checksum},
                        {"verified_at", v.verified_at}, {"summary", v.summary}});
        }
        docs.back()["verdicts"] = vj;
        std::vector<std::string> pending_versions;
        for (const auto& m : report->pending) pending_versions.push_back(m.version);
        std::map<std::string, MigrationClass> classes = ClassifyVersions(t, pending_versions);
        for (auto& p : docs.back()["pending"]) {
          auto it = classes.find(p["version"].get<std::string>());
          if (it != classes.end()) p["classification"] = ClassJson(it->second);
        }
        PrintStatus(ctx, *report, verdicts, classes);
      }
      for (const auto& s : project->skipped) ctx.Out(ctx.Paint(Color::kDim, "target " + s.name + " skipped: " + s.reason));
      if (ctx.options.json) {
        nlohmann::json skipped = nlohmann::json::array();
        for (const auto& s : project->skipped) skipped.push_back({{"target", s.name}, {"reason", s.reason}});
        if (docs.size() == 1) {
          docs[0]["skipped"] = skipped;
          ctx.Json(docs[0]);
        } else {
          ctx.Json({{"targets", docs}, {"skipped", skipped}});
        }
      }
      return kExitOk;
    };
  });
}

}  // namespace wayback::cli
