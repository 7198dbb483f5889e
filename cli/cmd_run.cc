// wayback run: execute a data job as a tracked run (FILE or -c SQL), or open
// and close a run for writes an application makes (--start / --finish).
#include <fstream>
#include <sstream>

#include "commands.h"
#include "exit_codes.h"
#include "journal_view.h"

namespace wayback::cli {
namespace {

struct RunArgs {
  std::string file;
  std::string sql;
  std::string label;
  std::vector<std::string> tables;
  bool start = false;
  std::string finish;
};

Result<std::string> ReadJob(const RunArgs& a) {
  if (!a.sql.empty()) return a.sql;
  std::ifstream in(a.file, std::ios::binary);
  if (!in) return Fail(ErrorKind::kBadInput, "cannot read " + a.file, "check the path of the job file");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int Body(const Context& ctx, const RunArgs& a) {
  int modes = (!a.file.empty() || !a.sql.empty() ? 1 : 0) + (a.start ? 1 : 0) + (!a.finish.empty() ? 1 : 0);
  if (modes != 1 || (!a.file.empty() && !a.sql.empty())) {
    return ReportError(ctx, Error(ErrorKind::kBadInput, "say what to run: FILE, -c SQL, --start or --finish ID")
                                .with_hint("wayback run job.sql --label backfill"));
  }
  auto target = ctx.SingleTarget();
  if (!target) return ReportError(ctx, target.error());
  RunOptions options;
  options.label = a.label;
  options.tables = a.tables;
  Result<RunInfo> run = Fail(ErrorKind::kInternal, "no mode");
  if (a.start) {
    run = StartRun(*target, options);
  } else if (!a.finish.empty()) {
    run = FinishRun(*target, a.finish);
  } else {
    auto job = ReadJob(a);
    if (!job) return ReportError(ctx, job.error());
    run = RunJob(*target, *job, options);
  }
  if (!run) return ReportError(ctx, run.error());
  if (ctx.options.json) {
    ctx.Json({{"target", target->name}, {"run", ToJson(*run)}});
    return kExitOk;
  }
  // The id alone on the first line, so scripts can take it: RUN=$(wayback run --start | head -1).
  ctx.Out(run->id);
  if (a.start) {
    ctx.Err("run " + run->id + " is open: mark each session that writes for it with");
    ctx.Err("    SET wayback.run = '" + run->id + "';");
    ctx.Err("and close it with `wayback run --finish " + run->id + "`");
  } else {
    ctx.Out(ctx.Paint(Color::kGreen, run->state) + ": " + std::to_string(TotalRows(*run)) + " rows (" +
            TablesText(*run) + "); undo with `wayback undo " + run->id + "`");
  }
  return kExitOk;
}

}  // namespace

void RegisterRun(CLI::App& app, Context& ctx, CommandBody& body) {
  CLI::App* cmd = app.add_subcommand("run", "Run a data job as a tracked run that can be undone; prints its id");
  auto a = std::make_shared<RunArgs>();
  cmd->add_option("file", a->file, "SQL file of the job")->option_text("FILE");
  cmd->add_option("-c", a->sql, "The job as SQL text")->option_text("SQL");
  cmd->add_option("--label", a->label, "A name for the run (shown by `wayback runs`)")->option_text("L");
  cmd->add_option("--table", a->tables, "Capture only these tables (default: every table)")->option_text("T");
  cmd->add_flag("--start", a->start, "Open a run for an application's writes; prints its id");
  cmd->add_option("--finish", a->finish, "Close a run opened with --start")->option_text("ID");
  cmd->callback([&ctx, &body, a] { body = [&ctx, a] { return Body(ctx, *a); }; });
}

}  // namespace wayback::cli
