// Capture: how the rows a run writes reach the journal.
//
// PostgreSQL: statements wayback runs itself (jobs, migrations, undos) are
// captured set-based, inside their own transaction (bulk_capture.h). Writes of
// an application's sessions (`run --start`) are captured by a row-level AFTER
// trigger whose WHEN clause lets it fire only in a session marked with
// `wayback.run`; it exists only while such a run is open, so at other times
// untracked writes pay nothing (docs/journal.md has the measurements).
// SQLite: TEMP triggers on the run's own connection, dropped when the run
// ends, so other connections never see them.
#pragma once

#include <string>
#include <vector>

#include "backend/connection.h"
#include "journal/table_info.h"

namespace wayback::journal {

// Prepares `tables` for a run. PostgreSQL: guards kept on each table, which
// refuse inside a run a TRUNCATE, and any write to a table without a usable
// key; commits its own transactions (REQUIRES: no transaction open). SQLite:
// the TEMP capture triggers.
Status InstallCapture(backend::Connection& conn, const std::vector<TableInfo>& tables);

// PostgreSQL, for session run `run_id`: InstallCapture plus row-level capture
// of `tables`, recorded with the run. REQUIRES: no transaction open.
Status InstallSessionCapture(backend::Connection& conn, const std::string& run_id,
                             const std::vector<TableInfo>& tables);
// PostgreSQL, when session run `run_id` closes: removes the row-level capture
// of the tables it captured that no other open session run captures (waiting
// at most 2 s for each table's lock; a capture left behind only costs).
// REQUIRES: no transaction open.
Status ReleaseSessionCapture(backend::Connection& conn, const std::string& run_id);

// SQLite: installs the TEMP capture triggers of one trackable table on this
// connection (REQUIRES: InstallCapture ran, for the session table).
Status InstallTableCapture(backend::Connection& conn, const TableInfo& t);
// SQLite: removes every TEMP capture trigger of the connection.
Status DropTableCapture(backend::Connection& conn);

// PostgreSQL: what names `t` in the setting wayback.bulk, which tells its
// row-level capture that a set-based capture covers the table in this
// transaction.
std::string CaptureToken(const TableInfo& t);

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
