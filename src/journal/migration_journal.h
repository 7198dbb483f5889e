// Migrations as runs (docs/journal.md, "Migrations"). A migration applied
// by `up` or `down` that writes rows is a run labelled "<id> (up)" or
// "<id> (down)" whose DML is journaled. The run opens at the first DML
// statement, inside the migration's transaction, and closes before it
// commits: a schema-only migration costs the deploy loop nothing, and a run
// exists exactly when its migration committed; the down of a data-transforming migration then puts back the
// exact values the up overwrote, for every row nobody changed since.
//
// Capture is installed around the migration's DML only: on PostgreSQL the
// set-based capture of bulk_capture.h, inside its transaction (and removed
// before it commits, so the schema a migration leaves is exactly the one it
// wrote), and on SQLite as TEMP
// triggers present only while a DML statement runs, so DDL such as DROP
// COLUMN never trips over them.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "backend/connection.h"
#include "journal/bulk_capture.h"
#include "sql/script.h"

namespace wayback::journal {

class MigrationRun {
 public:
  // Prepares the run (creating the journal tables on first use). The run
  // itself opens at the first DML statement. REQUIRES: no transaction open.
  static Result<std::unique_ptr<MigrationRun>> Begin(backend::Connection& conn, const std::string& label);

  // Before each statement of a transactional migration: DML opens the run and
  // gets capture on every table with a key; other statements run without it.
  Status BeforeStatement(const sql::ScriptStatement& statement);
  // Whether BeforeStatement has work for `statement`: DML always, and on
  // SQLite every statement (TEMP triggers come and go around DML).
  static bool NeedsHook(Dialect dialect, const sql::ScriptStatement& statement);
  // Before RestoreAfterDown writes: the down's statements may have changed
  // the columns since its last DML statement, so the capture is refreshed.
  Status BeforeRestore();
  // Inside the transaction, after the last statement: removes the capture
  // this run installed and closes the run as done, committing with it.
  Status BeforeCommit();
  // After the transaction. A failed migration rolled its run back with it, so
  // there is nothing left to close; kept for callers' symmetry.
  Status End(bool ok);

  const std::string& id() const { return id_; }

 private:
  MigrationRun(backend::Connection& conn, std::string label) : conn_(conn), label_(std::move(label)), bulk_(conn) {}
  Status Open();
  Status DropInstalled();
  Status CoverTables();
  backend::Connection& conn_;
  std::string label_;
  std::string id_;  // empty until the first DML statement opens the run
  std::set<std::string> installed_;  // SQLite: journal labels of tables with TEMP capture
  BulkCapture bulk_;                 // PostgreSQL: the set-based capture of the migration's DML
};

// The run of `migration_id`'s up, or nullopt when the up wrote no rows (or
// was applied without a journal): then its down has nothing to restore.
Result<std::optional<std::string>> FindUpRun(backend::Connection& conn, const std::string& migration_id);
// FindUpRun for every migration at once: migration id → its latest up run.
// Read once before rolling back many migrations (one query, not one each).
Result<std::map<std::string, std::string>> FindUpRuns(backend::Connection& conn);
// Before the down's statements, inside its transaction: marks the rows the
// up run `up_run` updated that still hold its after-image.
Status PrepareDownRestore(backend::Connection& conn, const std::string& up_run);
// After the down's statements, in the same transaction: restores the marked
// rows of `up_run` (from PrepareDownRestore) to their before-image values in
// every column that exists again. Returns the number of rows restored.
Result<int64_t> RestoreAfterDown(backend::Connection& conn, const std::string& up_run);

}  // namespace wayback::journal
