// wayback up: apply pending migrations, one transaction each.
#include <map>

#include "classify_view.h"
#include "commands.h"
#include "exit_codes.h"
#include "json_view.h"
#include "progress.h"

namespace wayback::cli {
namespace {

struct UpArgs {
  std::string to;
  bool dry_run = false;
  bool allow_ahead = false;
  bool require_verified = false;
  bool accept_loss = false;
};

void PrintDryRun(const Context& ctx, const DeployReport& r, const std::map<std::string, MigrationClass>* classes) {
  if (r.steps.empty()) ctx.Out("nothing to do");
  for (const auto& s : r.steps) {
    std::string line = ctx.Paint(Color::kBold, "would " + std::string(s.direction == "up" ? "apply " : "roll back ") +
                                                   s.version + "_" + s.name);
    const MigrationClass* c = nullptr;
    if (classes) {
      auto it = classes->find(s.version);
      if (it != classes->end()) c = &it->second;
    }
    ctx.Out(c ? line + ClassTag(ctx, *c) : line);
    if (c) {
      for (const auto& lock : LockLines(*c)) ctx.Out(ctx.Paint(Color::kYellow, "    lock: ") + lock);
    }
    for (const auto& st : s.statements) ctx.Out("    " + st + ";");
  }
}

}  // namespace

void PrintDeploySummary(const Context& ctx, const DeployReport& r, const char* verb,
                        const std::map<std::string, MigrationClass>* classes) {
  if (r.dry_run) return PrintDryRun(ctx, r, classes);
  for (const auto& n : r.notes) ctx.Err(ctx.Paint(Color::kYellow, "note: ") + n);
  int done = 0;
  int64_t ms = 0;
  for (const auto& s : r.steps) {
    if (!s.skipped) ++done;
    ms += s.duration_ms;
  }
  ctx.Out(done == 0 ? std::string("nothing to do")
                    : std::string(verb) + " " + std::to_string(done) + " migration" + (done == 1 ? "" : "s") +
                          " on " + r.target + " in " + std::to_string(ms) + " ms");
}

void RegisterUp(CLI::App& app, Context& ctx, CommandBody& body) {
  CLI::App* cmd = app.add_subcommand("up", "Apply pending migrations, one transaction each");
  auto args = std::make_shared<UpArgs>();
  cmd->add_option("--to", args->to, "Apply up to and including this version")->option_text("VERSION");
  cmd->add_flag("--dry-run", args->dry_run, "Show what would run; change nothing");
  cmd->add_flag("--allow-ahead", args->allow_ahead,
                "Proceed although the database has migrations the code does not know (rolling deploys)");
  cmd->add_flag("--require-verified", args->require_verified,
                "Refuse a migration whose current files are not verified reversible by `wayback verify`");
  cmd->add_flag("--accept-loss", args->accept_loss, "With --require-verified: accept a verified-lossy migration");
  cmd->callback([&ctx, &body, args] {
    body = [&ctx, args] {
      auto project = ctx.LoadProject();
      if (!project) return ReportError(ctx, project.error());
      if (project->targets.empty()) {
        return ReportError(ctx, Error(ErrorKind::kBadInput, "no database to work on")
                                    .with_hint("run `wayback init`, pass --database URL, or set WAYBACK_DATABASE_URL"));
      }
      UpOptions options;
      if (!args->to.empty()) options.to = args->to;
      options.dry_run = args->dry_run;
      options.allow_ahead = args->allow_ahead;
      options.require_verified = args->require_verified;
      options.accept_loss = args->accept_loss;
      nlohmann::json docs = nlohmann::json::array();
      for (const auto& s : project->skipped) ctx.Err("target " + s.name + " skipped: " + s.reason);
      for (const auto& t : project->targets) {
        ProgressObserver progress(ctx);
        auto report = Up(t, options, progress);
        if (!report) return ReportError(ctx, Error(report.error()).context("target " + t.name));
        docs.push_back(ToJson(*report));
        std::map<std::string, MigrationClass> classes;
        if (report->dry_run) {
          // A dry run says what each pending migration costs and how it is undone.
          std::vector<std::string> versions;
          for (const auto& s : report->steps) versions.push_back(s.version);
          classes = ClassifyVersions(t, versions);
          for (auto& step : docs.back()["steps"]) {
            auto it = classes.find(step["version"].get<std::string>());
            if (it != classes.end()) step["classification"] = ClassJson(it->second);
          }
        }
        PrintDeploySummary(ctx, *report, "applied", &classes);
      }
      if (ctx.options.json) ctx.Json(docs.size() == 1 ? docs[0] : nlohmann::json{{"targets", docs}});
      return kExitOk;
    };
  });
}

}  // namespace wayback::cli
