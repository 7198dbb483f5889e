// Capture: how the rows a run writes reach the journal.
//
// PostgreSQL: statement-level AFTER triggers with transition tables, installed
// once per table and kept; they journal a statement only when the session is
// marked with `wayback.run` (docs/journal.md has the measurements behind the
// choice). SQLite: TEMP triggers on the run's own connection, dropped when the
// run ends, so other connections never see them.
#pragma once

#include <string>
#include <vector>

#include "backend/connection.h"
#include "journal/table_info.h"

namespace wayback::journal {

// Installs capture on `tables`. A table without a usable key gets a guard that
// refuses writes to it inside a run. On PostgreSQL this commits its own
// transaction (REQUIRES: no transaction open); on SQLite it may run anywhere.
Status InstallCapture(backend::Connection& conn, const std::vector<TableInfo>& tables);

// Installs capture on one trackable table inside the caller's transaction
// (PostgreSQL) or on this connection (SQLite; REQUIRES: InstallCapture ran, for
// the session table). Returns false when PostgreSQL capture was already there.
Result<bool> InstallTableCapture(backend::Connection& conn, const TableInfo& t);
// Removes what InstallTableCapture added to `t` (PostgreSQL: its triggers;
// SQLite: every TEMP capture trigger of the connection).
Status DropTableCapture(backend::Connection& conn, const TableInfo& t);

// Marks the connection's writes as belonging to `run_id`. On PostgreSQL the
// mark lasts until the end of the current transaction when
// `transaction_local`, else for the session.
Status MarkSession(backend::Connection& conn, const std::string& run_id, bool transaction_local);

// Ends the mark (and on SQLite drops the TEMP triggers).
Status ClearSession(backend::Connection& conn);

// The tables to capture for a run: `names` resolved (a missing one is bad
// input, a keyless one refused), or every user table when `names` is empty.
Result<std::vector<TableInfo>> ResolveTables(backend::Connection& conn, const std::vector<std::string>& names);

}  // namespace wayback::journal
