// Migrations as runs (docs/journal.md, "Migrations"). Each migration applied
// by `up` or `down` is a run labelled "<id> (up)" or "<id> (down)" whose DML
// is journaled; the down of a data-transforming migration then puts back the
// exact values the up overwrote, for every row nobody changed since.
//
// Capture is installed around the migration's DML only: inside its
// transaction on PostgreSQL (and removed before it commits, so the schema a
// migration leaves is exactly the one it wrote), and on SQLite as TEMP
// triggers present only while a DML statement runs, so DDL such as DROP
// COLUMN never trips over them.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "backend/connection.h"
#include "sql/script.h"

namespace wayback::journal {

class MigrationRun {
 public:
  // Opens the run. REQUIRES: no transaction open on `conn`.
  static Result<std::unique_ptr<MigrationRun>> Begin(backend::Connection& conn, const std::string& label);

  // Before each statement of a transactional migration: DML gets capture on
  // every table with a key; other statements run without it (SQLite).
  Status BeforeStatement(const sql::ScriptStatement& statement);
  // Inside the transaction, after the last statement: removes the capture
  // this run installed.
  Status BeforeCommit();
  // After the transaction: closes the run as done or failed.
  Status End(bool ok);

  const std::string& id() const { return id_; }

 private:
  MigrationRun(backend::Connection& conn, std::string id) : conn_(conn), id_(std::move(id)) {}
  Status DropInstalled();
  backend::Connection& conn_;
  std::string id_;
  std::set<std::string> installed_;  // journal labels of tables this run added capture to
};

// Before the down's statements, inside its transaction: finds the up run of
// `migration_id` and marks the rows it updated that still hold its
// after-image. A migration applied without a journal has nothing to mark.
Status PrepareDownRestore(backend::Connection& conn, const std::string& migration_id);
// After the down's statements, in the same transaction: restores the marked
// rows' before-image values of every column that exists again. Returns the
// number of rows restored.
Result<int64_t> RestoreAfterDown(backend::Connection& conn, const std::string& migration_id);

}  // namespace wayback::journal
