// The set-based undo of one table on PostgreSQL (docs/journal.md, "Undo"):
// for a table the run wrote only through set-based capture, into one shadow
// whose layout is still the table's. The images stay typed throughout; the
// restore, the delete of rows the run inserted and the re-insert of rows it
// deleted are one statement each, and each writes the undo's own journal from
// its RETURNING rows (the run's images swapped), so the undo's writes are not
// captured a second time. Conflicts are found after the apply, by comparing
// every row of the run with what the undo wanted it to hold.
#pragma once

#include <cstdint>
#include <string>

#include "backend/connection.h"
#include "journal/run_source.h"
#include "journal/table_info.h"
#include "journal/write_guard.h"

namespace wayback::journal {

struct FastUndoCounts {
  int64_t total = 0;  // rows of the run in the table (collapsed)
  int64_t restored = 0;
  int64_t deleted = 0;
  int64_t reinserted = 0;
  int64_t conflicts = 0;  // added to wb_undo (undo_prepare) as 'conflict'
};

// Whether the run's part of `t` can be undone set-based: `shadow` is the
// only place it is journaled, with the layout and key `t` has now (`shape`).
bool CanUndoFast(const TableInfo& t, const std::string& shape, const RunShadow& shadow);

// Undoes `shadow`'s rows in `t` as run `undo_run` (whose session mark is
// set), writing through `guard`. REQUIRES: a transaction; CanUndoFast.
Result<FastUndoCounts> UndoFast(backend::Connection& conn, WriteGuard& guard, const TableInfo& t,
                                const RunShadow& shadow, const std::string& undo_run);

}  // namespace wayback::journal
