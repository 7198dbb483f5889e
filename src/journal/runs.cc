// Tracked runs: a job executed by wayback (RunJob), or writes made by an
// application between StartRun and FinishRun.
#include <nlohmann/json.hpp>

#include "backend/connection.h"
#include "journal/bulk_capture.h"
#include "journal/capture.h"
#include "journal/statement_targets.h"
#include "journal/write_guard.h"
#include "journal/journal_store.h"
#include "migrate/state_store.h"
#include "util/clock.h"
#include "wayback/journal.h"

namespace wayback {
namespace {

using journal::JournalStore;

Result<std::unique_ptr<backend::Connection>> Open(const Target& target) {
  if (target.url.raw.empty()) {
    return Fail(ErrorKind::kBadInput, "target '" + target.name + "' has no database",
                "pass --database URL, set WAYBACK_DATABASE_URL, or declare a [[target]] in wayback.toml");
  }
  return backend::Connect(target.url);
}

// The journal and the event log exist before any run transaction starts.
Status EnsureState(backend::Connection& conn) {
  WB_TRY(JournalStore(conn).Ensure());
  return migrate::StateStore(conn).Ensure();
}

std::string Summary(const RunInfo& r) {
  int64_t rows = 0;
  for (const auto& [t, n] : r.tables) rows += n;
  std::string s = r.label.empty() ? "" : r.label + ": ";
  return s + std::to_string(rows) + " rows in " + std::to_string(r.tables.size()) + " tables";
}

// PostgreSQL: before a statement of a job, covers the captured tables it
// writes directly with set-based capture (bulk_capture.h); the WriteGuard that
// runs it covers those it writes otherwise. `tables` is what the run captures.
Status CoverTargets(backend::Connection& conn, journal::BulkCapture& bulk, const std::vector<journal::TableInfo>& tables,
                    std::string_view statement) {
  if (conn.dialect() != Dialect::kPostgres || !journal::IsDml(statement)) return {};
  WB_ASSIGN(auto targets, journal::WrittenTables(conn, statement));
  for (const auto& label : targets) {
    bool captured = false;
    for (const auto& t : tables) captured = captured || t.Label() == label;
    if (!captured) continue;
    // Described again: an earlier statement of the job may have changed it.
    WB_ASSIGN(std::optional<journal::TableInfo> now, journal::FindTable(conn, label));
    if (now && now->Trackable()) WB_TRY(bulk.Cover(*now));
  }
  return {};
}

Error UnknownRun(const backend::Connection& conn, const std::string& id) {
  return Error(ErrorKind::kBadInput, "no run '" + id + "' in " + conn.Describe())
      .with_hint("`wayback runs` lists the runs of this target");
}

}  // namespace

Result<RunInfo> RunJob(const Target& target, const std::string& script, const RunOptions& options) {
  WB_ASSIGN(auto conn, Open(target));
  WB_ASSIGN(auto statements, backend::SplitScript(target.url.dialect, script));
  if (statements.empty()) return Fail(ErrorKind::kBadInput, "the job has no SQL statements");
  WB_TRY(EnsureState(*conn));
  JournalStore store(*conn);
  WB_ASSIGN(auto tables, journal::ResolveTables(*conn, options.tables));
  WB_TRY(journal::InstallCapture(*conn, tables));
  std::string id = journal::NewRunId();
  WB_TRY(store.Insert(id, options.label, "job", ""));
  util::Stopwatch watch;
  auto tx = backend::Transaction::Begin(*conn);
  if (!tx) {
    Error error = std::move(tx).error();
    if (auto f = store.Finish(id, "failed"); !f) error.also(f.error());
    return Fail(std::move(error));
  }
  WB_TRY(journal::MarkSession(*conn, id, true));
  journal::BulkCapture bulk(*conn);
  journal::WriteGuard guard(*conn, bulk, tables);
  auto fail = [&](Error error) -> Result<RunInfo> {
    if (auto rolled = tx->Rollback(); !rolled) error.also(rolled.error().context("rolling back"));
    // Nothing of the job stays; the run is kept as failed, for the history.
    (void)journal::ClearSession(*conn);
    if (auto f = store.Finish(id, "failed"); !f) error.also(f.error());
    (void)journal::RecordEvent(*conn, "run", id, "failed: " + error.message(), watch.ElapsedMs());
    return Fail(std::move(error));
  };
  for (size_t i = 0; i < statements.size(); ++i) {
    auto done = CoverTargets(*conn, bulk, tables, statements[i].text);
    if (done) {
      done = conn->dialect() == Dialect::kPostgres ? guard.Execute(statements[i].text)
                                                   : conn->Execute(statements[i].text);
    }
    if (done) continue;
    Error error = std::move(done).error();
    error.context("run " + id + ", statement " + std::to_string(i + 1) + " of " +
                  std::to_string(statements.size()) + " at line " + std::to_string(statements[i].line));
    return fail(std::move(error));
  }
  // The set-based capture's triggers go before commit: no other session ever sees them.
  if (auto released = bulk.Release(); !released) return fail(std::move(released).error().context("run " + id));
  WB_TRY(journal::ClearSession(*conn));
  WB_TRY(store.Finish(id, "done"));
  WB_ASSIGN(std::optional<RunInfo> run, store.Get(id));
  WB_TRY(journal::RecordEvent(*conn, "run", id, Summary(*run), watch.ElapsedMs()));
  WB_TRY(tx->Commit());
  return *run;
}

Result<RunInfo> StartRun(const Target& target, const RunOptions& options) {
  if (target.url.dialect == Dialect::kSqlite) {
    return Fail(ErrorKind::kBadInput,
                "runs started with --start need PostgreSQL: on SQLite only the run's own connection can be "
                "captured (TEMP triggers), and an application's connection cannot be marked",
                "run the job through wayback: `wayback run FILE` or `wayback run -c SQL`");
  }
  WB_ASSIGN(auto conn, Open(target));
  WB_TRY(EnsureState(*conn));
  WB_ASSIGN(auto tables, journal::ResolveTables(*conn, options.tables));
  JournalStore store(*conn);
  WB_ASSIGN(RunInfo run, store.Insert(journal::NewRunId(), options.label, "session", ""));
  if (auto installed = journal::InstallSessionCapture(*conn, run.id, tables); !installed) {
    Error error = std::move(installed).error();
    if (auto f = store.Finish(run.id, "failed"); !f) error.also(f.error());
    (void)journal::ReleaseSessionCapture(*conn, run.id);
    return Fail(std::move(error));
  }
  WB_TRY(journal::RecordEvent(*conn, "run", run.id, "started" + (run.label.empty() ? "" : ": " + run.label), 0));
  return run;
}

Result<RunInfo> FinishRun(const Target& target, const std::string& run_id) {
  WB_ASSIGN(auto conn, Open(target));
  JournalStore store(*conn);
  WB_ASSIGN(bool exists, store.Exists());
  if (!exists) return Fail(UnknownRun(*conn, run_id));
  WB_ASSIGN(std::optional<RunInfo> run, store.Get(run_id));
  if (!run) return Fail(UnknownRun(*conn, run_id));
  if (run->state != "open") {
    return Fail(ErrorKind::kBadInput, "run " + run_id + " is not open (it is " + run->state + ")",
                "only a run started with `wayback run --start` and not yet finished can be finished");
  }
  WB_TRY(migrate::StateStore(*conn).Ensure());
  WB_ASSIGN(auto tx, backend::Transaction::Begin(*conn));
  WB_TRY(store.Finish(run_id, "done"));
  WB_ASSIGN(run, store.Get(run_id));
  WB_TRY(journal::RecordEvent(*conn, "run", run_id, "finished: " + Summary(*run), 0));
  WB_TRY(tx.Commit());
  if (conn->dialect() == Dialect::kPostgres) WB_TRY(journal::ReleaseSessionCapture(*conn, run_id));
  return *run;
}

Result<std::vector<RunInfo>> ListRuns(const Target& target) {
  WB_ASSIGN(auto conn, Open(target));
  JournalStore store(*conn);
  WB_ASSIGN(bool exists, store.Exists());
  if (!exists) return std::vector<RunInfo>{};
  return store.List();
}

}  // namespace wayback
