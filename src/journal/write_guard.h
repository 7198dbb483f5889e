// Runs the writes of a run's transaction on PostgreSQL so that none escapes
// the journal. Set-based capture covers the tables a statement writes
// directly (statement_targets.h), before it runs; a statement can also write
// through triggers, functions or cascading foreign keys. Each statement runs
// under a savepoint; afterwards the backend's own per-transaction counters
// (pg_stat_xact_user_tables) tell which tables it wrote. If it wrote a
// captured table that nothing journals, the statement is rolled back to the
// savepoint, that table is covered too, and the statement runs again.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "backend/connection.h"
#include "journal/bulk_capture.h"
#include "journal/table_info.h"

namespace wayback::journal {

class WriteGuard {
 public:
  // `captured`: the tables whose writes the run journals.
  WriteGuard(backend::Connection& conn, BulkCapture& bulk, std::vector<TableInfo> captured)
      : conn_(conn), bulk_(bulk), captured_(std::move(captured)) {}

  // A table whose writes the statements journal themselves (set-based undo).
  void Handled(const std::string& oid) { handled_.insert(oid); }

  // User SQL, results discarded.
  Status Execute(std::string_view sql);
  // A statement of wayback's own, with parameters.
  Result<backend::Rows> Query(const std::string& sql, const backend::Params& params);

 private:
  template <typename F>
  Result<backend::Rows> Guarded(F run);

  backend::Connection& conn_;
  BulkCapture& bulk_;
  std::vector<TableInfo> captured_;
  std::set<std::string> handled_;  // by oid
};

}  // namespace wayback::journal
