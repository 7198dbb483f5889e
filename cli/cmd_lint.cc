// wayback lint [PATH…]: classify every statement and check the rules, with no
// database. Dialect: --dialect, else the target's URL in wayback.toml, else
// PostgreSQL.
#include <cstdio>
#include <memory>

#include "commands.h"
#include "exit_codes.h"
#include "wayback/lint.h"

namespace wayback::cli {
namespace {

struct LintFlags {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string dialect;
  bool suggest_down = false;
};

int RunLint(const Context& ctx, const LintFlags& flags) {
  auto project = ctx.LoadProject();
  if (!project) return ReportError(ctx, project.error());
  LintOptions options;
  options.disabled_rules = project->disabled_rules;
  options.policy = project->policy;
  options.suggest_down = flags.suggest_down;
  std::vector<std::filesystem::path> paths(flags.paths.begin(), flags.paths.end());
  const Target* target = nullptr;
  if (!project->targets.empty()) target = &project->targets.front();
  if (flags.dialect == "sqlite") {
    options.dialect = Dialect::kSqlite;
  } else if (flags.dialect == "postgres") {
    options.dialect = Dialect::kPostgres;
  } else if (target) {
    options.dialect = target->url.dialect;
  }
  if (target) options.policy = target->policy;
  if (paths.empty()) {
    for (const auto& t : project->targets) paths.push_back(t.migrations_dir);
    if (paths.empty()) paths.push_back(project->root / "migrations");
  }
  auto report = LintPaths(paths, options);
  if (!report) return ReportError(ctx, report.error());
  std::string format = ctx.options.json ? "json" : flags.format;
  auto text = FormatLintReport(*report, format, format == "text" && ctx.color_enabled());
  if (!text) return ReportError(ctx, text.error());
  std::fwrite(text->data(), 1, text->size(), stdout);
  return report->HasErrors() ? kExitFindings : kExitOk;
}

}  // namespace

void RegisterLint(CLI::App& app, Context& ctx, CommandBody& body) {
  auto flags = std::make_shared<LintFlags>();
  CLI::App* cmd = app.add_subcommand("lint", "Classify every statement and check the lint rules (no database)");
  cmd->add_option("PATH", flags->paths, "Migration folders or .sql files (default: the project's migrations)");
  cmd->add_option("--format", flags->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}))
      ->option_text("text|json|sarif|github");
  cmd->add_option("--dialect", flags->dialect, "SQL dialect (default: the target's, else postgres)")
      ->check(CLI::IsMember({"sqlite", "postgres"}))
      ->option_text("sqlite|postgres");
  cmd->add_flag("--suggest-down", flags->suggest_down, "Print the down wayback can write for each up");
  cmd->footer("Exit codes: 0 no error-severity finding · 1 error findings · 2 bad input · 70 internal error");
  cmd->callback([&ctx, &body, flags] { body = [&ctx, flags] { return RunLint(ctx, *flags); }; });
}

}  // namespace wayback::cli
