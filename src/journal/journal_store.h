// The journal's own state in the target: the runs table and the journal table
// (docs/journal.md). SQL per engine is in src/journal/state/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backend/connection.h"
#include "wayback/journal.h"

namespace wayback::journal {

// The text of journal query `name` for the connection's engine.
const std::string& Q(backend::Connection& conn, std::string_view name);

// A new run id: "r" + UTC time + random suffix, e.g. r20261121-202850-3f9a.
std::string NewRunId();

class JournalStore {
 public:
  explicit JournalStore(backend::Connection& conn) : conn_(conn) {}

  Result<bool> Exists();
  // Creates the tables if needed and checks the format version. Runs outside
  // any transaction of the caller.
  Status Ensure();

  // A new open run. `undoes` is the run an undo reverses ("" otherwise).
  Result<RunInfo> Insert(const std::string& id, const std::string& label, const std::string& kind,
                         const std::string& undoes);
  // Closes a run with `status` ("done" or "failed") and stores its per-table
  // row counts, which outlive the journal after a prune.
  Status Finish(const std::string& id, const std::string& status);
  Status SetStatus(const std::string& id, const std::string& status);
  Result<std::optional<RunInfo>> Get(const std::string& id);
  Result<std::vector<RunInfo>> List();
  // Journal labels of the tables a run wrote to.
  Result<std::vector<std::string>> Tables(const std::string& id);
  // Distinct rows a run wrote per table, in table order.
  Result<std::vector<std::pair<std::string, int64_t>>> RowsPerTable(const std::string& id);

 private:
  Result<RunInfo> FromRow(const backend::Rows& rows, size_t i);
  backend::Connection& conn_;
};

// Records a run, undo or prune event in the deployment history (the events
// table of the migrate state, created if needed).
Status RecordEvent(backend::Connection& conn, const std::string& kind, const std::string& run_id,
                   const std::string& detail, int64_t duration_ms);

}  // namespace wayback::journal
