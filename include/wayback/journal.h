// The data layer: tracked runs, the row journal and conflict-aware undo
// (docs/journal.md). A run is one tracked execution that writes data; while it
// is open, every row it inserts, updates or deletes is journaled with its
// before and after image, keyed by the table's primary key (or a unique NOT
// NULL key). `Undo` reverses exactly what a run wrote and leaves alone every
// row that was changed since (a conflict).
//
// Two ways to run:
//   * `RunJob` executes a script as one tracked run, in one transaction.
//   * `StartRun` / `FinishRun` bracket writes made by an application: between
//     them, a session that runs `SET wayback.run = '<id>'` (PostgreSQL) is
//     journaled under the run. Sessions without the setting are not.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "wayback/error.h"
#include "wayback/project.h"

namespace wayback {

// The journal format this build reads and writes (docs/journal.md).
inline constexpr int kJournalFormatVersion = 2;

struct RunInfo {
  std::string id;           // "r20261121T202850-3f9a" — opaque, unique per target
  std::string label;        // free text given with --label, or the migration id
  std::string kind;         // "job", "session", "migration", "undo"
  // "open", "done", "undone", "partly undone", "expired", "failed"
  std::string state;
  std::string started_at;   // UTC ISO 8601
  std::string finished_at;  // empty while open
  std::string actor;        // user@host
  std::string undoes;       // for kind "undo": the run it reversed
  // Distinct rows written per table, in table order.
  std::vector<std::pair<std::string, int64_t>> tables;
};

struct RunOptions {
  std::string label;
  // Tables to capture (schema-qualified or not). Default: every table of the
  // target's user schemas. A listed table without a usable key is refused.
  std::vector<std::string> tables;
};

// Executes `script` as one tracked run, in one transaction: if a statement
// fails, nothing is written and the run is recorded as failed.
Result<RunInfo> RunJob(const Target& target, const std::string& script, const RunOptions& options);

// Opens a run for writes made by an application. Installs capture on the
// tables first (a short lock per table, once). Returns the run id; the
// application then marks its session with it:
//   PostgreSQL: SET wayback.run = '<id>'   (or set_config('wayback.run', $1, false))
// and resets it (RESET wayback.run) when its work is done.
// SQLite cannot mark another connection (capture is TEMP triggers on the
// run's own connection): there StartRun fails with kBadInput; use RunJob.
Result<RunInfo> StartRun(const Target& target, const RunOptions& options);
// Closes an open run: its writes are final and can now be undone.
Result<RunInfo> FinishRun(const Target& target, const std::string& run_id);

// Every run of the target, newest first.
Result<std::vector<RunInfo>> ListRuns(const Target& target);

// A row the undo leaves alone because it changed after the run wrote it.
// Images are JSON objects of column → value (text form); "null" when absent.
struct UndoConflict {
  std::string table;
  std::string key;    // JSON object of the key columns
  std::string wrote;  // what the run left in the row (null: the run deleted it)
  std::string now;    // what the row holds now (null: it is gone)
  std::string want;   // the before-image the undo would restore (null: delete)
};

// One row the undo changes (or, under --dry-run, would change).
struct UndoChange {
  std::string table;
  std::string key;
  std::string action;  // "restore", "reinsert", "delete"
  std::string from;    // JSON: the row now (null for reinsert)
  std::string to;      // JSON: the row after the undo (null for delete)
};

struct UndoOptions {
  bool dry_run = false;
  bool force_conflicts = false;  // restore conflicting rows too, over the newer writes
};

struct UndoReport {
  std::string run_id;
  std::string undo_run_id;  // the run the undo itself is (empty for a dry run)
  bool dry_run = false;
  int64_t restored = 0;     // updated back to the before-image
  int64_t reinserted = 0;   // deleted by the run, inserted again
  int64_t deleted = 0;      // inserted by the run, deleted again
  int64_t unchanged = 0;    // already as before the run: nothing to do
  int64_t forced = 0;       // conflicts overwritten under force_conflicts
  std::vector<UndoChange> changes;  // filled for dry runs (and capped at 10,000)
  std::vector<UndoConflict> conflicts;  // capped at 10,000; conflicts_total counts them all
  int64_t conflicts_total = 0;
};

// Reverses what `run_id` wrote, in one transaction (docs/journal.md, "Undo").
// Fails with kBadInput for an unknown run, a run already undone, an open run or
// one whose journal has expired; in every such case nothing is changed.
// Conflicts are not an error: they are in the report (the CLI exits 1).
Result<UndoReport> Undo(const Target& target, const std::string& run_id, const UndoOptions& options);

struct PruneReport {
  int64_t retention_ms = 0;
  int64_t entries_removed = 0;
  std::vector<RunInfo> expired;  // runs that can no longer be undone
};

// Drops journal entries of runs finished before now - retention. Default
// retention: Project::journal_retention_ms.
Result<PruneReport> Prune(const Target& target, int64_t retention_ms);

}  // namespace wayback
