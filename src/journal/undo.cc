// Undo: reverse exactly what a run wrote, never over a newer write.
//
// The algorithm (docs/journal.md, "Undo") is written once; each engine
// supplies its SQL in src/journal/state/. In one transaction:
//   1. collapse the run's journal per row: the first before-image and the
//      last after-image;
//   2. classify each row by what it holds now: still the run's after-image →
//      restore (or delete, for a row the run inserted); gone where the run
//      deleted it → re-insert; already the before-image → nothing to do;
//      anything else → a conflict, left alone;
//   3. apply, re-checking the after-image in the same statement, so a row a
//      concurrent session changed meanwhile becomes a conflict, not a loss.
// The undo is itself a run: its writes are journaled and can be undone.
// On PostgreSQL a table the run wrote set-based, whose columns are still as
// the run left them, takes the typed path of undo_fast.h instead, which
// applies first and finds conflicts after; the others take this one, over
// the run's images as JSON (run_source.h).
#include <map>
#include <set>

#include "backend/connection.h"
#include "journal/capture.h"
#include "journal/bulk_capture.h"
#include "journal/journal_store.h"
#include "journal/run_source.h"
#include "journal/sql_text.h"
#include "journal/table_info.h"
#include "journal/table_vars.h"
#include "journal/undo_fast.h"
#include "journal/write_guard.h"
#include "migrate/state_store.h"
#include "util/clock.h"
#include "util/strings.h"
#include "wayback/journal.h"

namespace wayback {
namespace {

using journal::Expand;
using journal::Q;
using journal::QuoteIdent;
using journal::TableInfo;
using Vars = std::map<std::string, std::string>;
using journal::TableVars;
using journal::RunShadow;

constexpr int64_t kListLimit = 10'000;
// A set-based undo of at least this many rows vacuums the table first.
constexpr int64_t kVacuumRows = 10'000;

// Where the undo's writes go: on PostgreSQL through a WriteGuard, so that what
// they write through triggers is journaled too.
struct Writer {
  backend::Connection& conn;
  journal::WriteGuard* guard = nullptr;  // null on SQLite
  Result<backend::Rows> Query(const std::string& sql, const backend::Params& p) {
    return guard ? guard->Query(sql, p) : conn.Query(sql, p);
  }
};

// Runs a data-changing query and returns how many rows it changed: PostgreSQL
// queries return the count; SQLite reports it with changes().
Result<int64_t> Apply(Writer& w, const std::string& sql, const backend::Params& p) {
  backend::Connection& conn = w.conn;
  WB_ASSIGN(backend::Rows rows, w.Query(sql, p));
  if (conn.dialect() == Dialect::kSqlite) {
    WB_ASSIGN(rows, conn.Query(Q(conn, "changes")));
  }
  return std::atoll(rows.Text(0, 0).c_str());
}

Status ExecuteAll(backend::Connection& conn, const std::string& script) {
  WB_ASSIGN(auto statements, backend::SplitScript(conn.dialect(), script));
  for (const auto& s : statements) WB_TRY(conn.Execute(s.text));
  return {};
}

struct Planned {
  std::string label;
  std::optional<TableInfo> info;  // nullopt: the table is gone
  Vars vars;
  std::optional<RunShadow> fast;  // set: undone set-based (undo_fast.h)
  journal::FastUndoCounts counts;
};

Status Classify(backend::Connection& conn, const std::string& run_id, std::vector<Planned>& tables,
                const std::vector<RunShadow>& shadows) {
  WB_TRY(ExecuteAll(conn, Q(conn, "undo_prepare")));
  if (conn.dialect() == Dialect::kPostgres) {
    // One pass per table: collapse and classify together.
    for (auto& t : tables) {
      if (!t.info || t.fast) continue;
      t.vars["source"] = journal::JsonSource(shadows, "$2", t.label);
      WB_TRY(conn.Query(Expand(Q(conn, "undo_plan"), t.vars), {t.label, run_id}));
    }
  } else {
    WB_TRY(conn.Query(Q(conn, "undo_collapse"), {run_id}));
  }
  for (auto& t : tables) {
    if (!t.info) {
      if (conn.dialect() == Dialect::kPostgres) {
        Vars v{{"source", journal::JsonSource(shadows, "$1", t.label)}};
        WB_TRY(conn.Query(Expand(Q(conn, "undo_collapse_table"), v), {run_id, t.label}));
      }
      WB_TRY(conn.Query(Q(conn, "undo_gone_table"), {t.label}));
      continue;
    }
    if (conn.dialect() == Dialect::kSqlite) {
      WB_TRY(conn.Query(Expand(Q(conn, "undo_current"), t.vars), {t.label}));
      WB_TRY(conn.Query(Q(conn, "undo_classify"), {t.label}));
    }
  }
  return {};
}

Result<std::map<std::string, int64_t>> Counts(backend::Connection& conn) {
  WB_ASSIGN(backend::Rows rows, conn.Query(Q(conn, "undo_counts")));
  std::map<std::string, int64_t> out;
  for (size_t i = 0; i < rows.size(); ++i) out[rows.Text(i, 0)] = std::atoll(rows.Text(i, 1).c_str());
  return out;
}

Status ApplyPlan(Writer& w, std::vector<Planned>& tables, const std::string& undo_run, UndoReport& report) {
  backend::Connection& conn = w.conn;
  WB_ASSIGN(auto planned, Counts(conn));
  for (auto& t : tables) {
    if (!t.info || !t.fast) continue;
    WB_ASSIGN(t.counts, journal::UndoFast(conn, *w.guard, *t.info, *t.fast, undo_run));
    report.restored += t.counts.restored;
    report.deleted += t.counts.deleted;
    report.reinserted += t.counts.reinserted;
    planned["restore"] += t.counts.restored;
    planned["delete"] += t.counts.deleted;
    planned["reinsert"] += t.counts.reinserted;
  }
  for (auto& t : tables) {
    if (!t.info || t.fast) continue;
    WB_ASSIGN(int64_t restored, Apply(w, Expand(Q(conn, "undo_restore"), t.vars), {t.label, "restore"}));
    WB_ASSIGN(int64_t deleted, Apply(w, Expand(Q(conn, "undo_delete"), t.vars), {t.label}));
    WB_ASSIGN(int64_t reinserted, Apply(w, Expand(Q(conn, "undo_reinsert"), t.vars), {t.label}));
    report.restored += restored;
    report.deleted += deleted;
    report.reinserted += reinserted;
  }
  if (report.restored == planned["restore"] && report.deleted == planned["delete"] &&
      report.reinserted == planned["reinsert"]) {
    return {};
  }
  // A concurrent session changed some rows between classification and apply
  // (PostgreSQL only: SQLite holds the write lock): they become conflicts.
  for (auto& t : tables) {
    if (t.info && !t.fast && conn.dialect() == Dialect::kPostgres) {
      WB_TRY(conn.Query(Expand(Q(conn, "undo_recheck"), t.vars), {t.label}));
    }
  }
  return {};
}

Status ForceConflicts(Writer& w, journal::BulkCapture* bulk, std::vector<Planned>& tables, UndoReport& report) {
  backend::Connection& conn = w.conn;
  for (auto& t : tables) {
    if (!t.info) continue;
    // The set-based undo journaled its own writes; forced ones are captured.
    if (t.fast && bulk) WB_TRY(bulk->Cover(*t.info));
    WB_ASSIGN(int64_t updated, Apply(w, Expand(Q(conn, "force_update"), t.vars), {t.label}));
    WB_ASSIGN(int64_t inserted, Apply(w, Expand(Q(conn, "force_insert"), t.vars), {t.label}));
    WB_ASSIGN(int64_t deleted, Apply(w, Expand(Q(conn, "force_delete"), t.vars), {t.label}));
    report.forced += updated + inserted + deleted;
  }
  return {};
}

Status ReadFindings(backend::Connection& conn, const std::vector<Planned>& tables, UndoReport& report) {
  WB_ASSIGN(auto counts, Counts(conn));
  report.unchanged = counts["unchanged"];
  for (const auto& t : tables) {
    if (!t.fast) continue;
    const auto& c = t.counts;
    report.unchanged += c.total - c.restored - c.deleted - c.reinserted - c.conflicts;
  }
  report.conflicts_total = counts["conflict"];
  WB_ASSIGN(backend::Rows c, conn.Query(Q(conn, "undo_conflicts"), {std::to_string(kListLimit)}));
  for (size_t i = 0; i < c.size(); ++i) {
    report.conflicts.push_back({c.Text(i, 0), c.Text(i, 1), c.Text(i, 2), c.Text(i, 3), c.Text(i, 4)});
  }
  if (!report.dry_run) return {};
  report.restored = counts["restore"];
  report.deleted = counts["delete"];
  report.reinserted = counts["reinsert"];
  WB_ASSIGN(backend::Rows ch, conn.Query(Q(conn, "undo_changes"), {std::to_string(kListLimit)}));
  for (size_t i = 0; i < ch.size(); ++i) {
    std::string cls = ch.Text(i, 2);
    UndoChange change{ch.Text(i, 0), ch.Text(i, 1), cls, ch.Text(i, 3), ch.Text(i, 4)};
    if (cls == "reinsert") change.from = "null";
    if (cls == "delete") change.to = "null";
    report.changes.push_back(std::move(change));
  }
  return {};
}

// Why `run` cannot be undone, if it cannot.
std::optional<Error> Refusal(const RunInfo& run) {
  auto bad = [](std::string m, std::string h) { return Error(ErrorKind::kBadInput, std::move(m)).with_hint(std::move(h)); };
  if (run.state == "open") {
    return bad("run " + run.id + " is still open", "finish it first: `wayback run --finish " + run.id + "`");
  }
  if (run.state == "failed") {
    return bad("run " + run.id + " failed and was rolled back: it wrote nothing to undo", "nothing to do");
  }
  if (run.state == "expired") {
    return bad("the journal of run " + run.id + " has expired (removed by `wayback prune`): it can no longer "
               "be undone",
               "keep journals longer with `[journal] retention` in wayback.toml; restore a backup for older data");
  }
  if (run.state == "undone") {
    return bad("run " + run.id + " is already undone", "`wayback runs` shows the undo run; undo that to redo " + run.id);
  }
  return std::nullopt;
}

}  // namespace

Result<UndoReport> Undo(const Target& target, const std::string& run_id, const UndoOptions& options) {
  if (target.url.raw.empty()) return Fail(ErrorKind::kBadInput, "target '" + target.name + "' has no database");
  WB_ASSIGN(auto conn, backend::Connect(target.url));
  journal::JournalStore store(*conn);
  auto unknown = [&] {
    return Fail(ErrorKind::kBadInput, "no run '" + run_id + "' in " + conn->Describe(),
                "`wayback runs` lists the runs of this target");
  };
  WB_ASSIGN(bool exists, store.Exists());
  if (!exists) return unknown();
  WB_TRY(store.Ensure());
  WB_ASSIGN(std::optional<RunInfo> run, store.Get(run_id));
  if (!run) return unknown();
  if (auto refusal = Refusal(*run)) return Fail(std::move(*refusal));

  UndoReport report;
  report.run_id = run_id;
  report.dry_run = options.dry_run;
  std::vector<Planned> tables;
  std::vector<TableInfo> capture;
  std::vector<RunShadow> shadows;
  std::set<std::string> row_tables;  // tables with row-level entries
  bool pg = conn->dialect() == Dialect::kPostgres;
  if (pg) {
    WB_ASSIGN(shadows, journal::RunShadows(*conn, run_id));
    WB_ASSIGN(backend::Rows rows, conn->Query(Q(*conn, "row_tables"), {run_id}));
    for (size_t i = 0; i < rows.size(); ++i) row_tables.insert(rows.Text(i, 0));
  }
  WB_ASSIGN(auto labels, store.Tables(run_id));
  for (const auto& label : labels) {
    WB_ASSIGN(std::optional<TableInfo> info, journal::FindTable(*conn, label));
    Planned p{label, info, {}, std::nullopt, {}};
    if (info && !info->Trackable()) return Fail(journal::NoKeyError(*info).context("undoing " + run_id));
    if (info) {
      p.vars = TableVars(*info, conn->dialect());
      capture.push_back(*info);
      // Set-based when the run wrote the table only set-based, into one shadow
      // of the layout it has now. A dry run lists every change: the JSON path.
      std::vector<const RunShadow*> mine;
      for (const auto& s : shadows) {
        if (s.tbl == label) mine.push_back(&s);
      }
      if (pg && !options.dry_run && mine.size() == 1 && !row_tables.count(label)) {
        WB_ASSIGN(std::string shape, journal::CurrentShape(*conn, *info));
        if (journal::CanUndoFast(*info, shape, *mine[0])) p.fast = *mine[0];
      }
    }
    tables.push_back(std::move(p));
  }

  util::Stopwatch watch;
  if (!options.dry_run) {
    WB_TRY(migrate::StateStore(*conn).Ensure());
    WB_TRY(journal::InstallCapture(*conn, capture));
    report.undo_run_id = journal::NewRunId();
    WB_TRY(store.Insert(report.undo_run_id, "undo " + run_id, "undo", run_id));
  }
  if (!options.dry_run) {
    for (const auto& t : tables) {
      // Worth it for a large rewrite only; best effort (it needs ownership).
      if (t.fast && t.fast->rows >= kVacuumRows) {
        (void)conn->Execute(Expand(Q(*conn, "vacuum_before_undo"), {{"table", t.info->Quoted()}}));
      }
    }
  }
  auto tx = backend::Transaction::Begin(*conn);
  if (!tx) return Fail(std::move(tx).error());
  // PostgreSQL: the undo's writes are journaled by set-based capture (the
  // set-based undo journals its own), and a WriteGuard covers the tables they
  // write through triggers.
  std::vector<TableInfo> all_tables;
  if (pg && !options.dry_run) {
    WB_ASSIGN(all_tables, journal::ListTables(*conn));
  }
  journal::BulkCapture bulk(*conn);
  journal::WriteGuard guard(*conn, bulk, all_tables);
  Writer writer{*conn, pg ? &guard : nullptr};
  auto body = [&]() -> Status {
    if (!options.dry_run) WB_TRY(journal::MarkSession(*conn, report.undo_run_id, true));
    WB_TRY(Classify(*conn, run_id, tables, shadows));
    if (options.dry_run) return ReadFindings(*conn, tables, report);
    if (pg) {
      for (const auto& t : tables) {
        if (!t.info) continue;
        if (t.fast) {
          guard.Handled(t.info->oid);
        } else {
          WB_TRY(bulk.Cover(*t.info));
        }
      }
    }
    WB_TRY(ApplyPlan(writer, tables, report.undo_run_id, report));
    WB_TRY(ReadFindings(*conn, tables, report));
    if (options.force_conflicts) WB_TRY(ForceConflicts(writer, pg ? &bulk : nullptr, tables, report));
    if (pg) WB_TRY(bulk.Release());
    return {};
  };
  if (auto done = body(); !done) {
    Error error = std::move(done).error();
    error.context("undoing run " + run_id);
    if (auto rolled = tx->Rollback(); !rolled) error.also(rolled.error().context("rolling back"));
    if (!options.dry_run) {
      (void)journal::ClearSession(*conn);
      (void)store.Finish(report.undo_run_id, "failed");
    }
    return Fail(std::move(error));
  }
  if (options.dry_run) {
    WB_TRY(tx->Rollback());
    return report;
  }
  WB_TRY(journal::ClearSession(*conn));
  bool left = report.conflicts_total > 0 && !options.force_conflicts;
  WB_TRY(store.SetStatus(run_id, left ? "partly undone" : "undone"));
  // Undoing an undo puts the original run's writes back: it is done again.
  if (run->kind == "undo" && !run->undoes.empty()) WB_TRY(store.SetStatus(run->undoes, "done"));
  WB_TRY(store.Finish(report.undo_run_id, "done"));
  std::string detail = "by " + report.undo_run_id + ": restored " + std::to_string(report.restored) +
                       ", re-inserted " + std::to_string(report.reinserted) + ", deleted " +
                       std::to_string(report.deleted) + ", conflicts " + std::to_string(report.conflicts_total) +
                       (options.force_conflicts ? " (forced)" : "");
  WB_TRY(journal::RecordEvent(*conn, "undo", run_id, detail, watch.ElapsedMs()));
  WB_TRY(tx->Commit());
  return report;
}

}  // namespace wayback
