// One migration's round trip on a scratch database:
//   seed, S0 → up → S1 → down → S2 → up → S3
// and the verdict it earns (docs/verify.md). The scratch is left with the
// migration applied when that was possible, so the next one starts from there.
#pragma once

#include <optional>
#include <set>

#include "backend/connection.h"
#include "backend/schema_snapshot.h"
#include "verify/seeder.h"
#include "wayback/migration.h"
#include "wayback/snapshot.h"
#include "wayback/verify.h"

namespace wayback::verify {

// The user tables a script wrote to (sql names), so that only those are
// fingerprinted again. `all`: it could not be told (SQLite, a script outside
// one transaction or with its own transaction control, untrustworthy counters).
struct WriteLog {
  bool all = false;
  std::set<std::string> tables;
  // The database has an event trigger that is not wayback's: DDL may then
  // write rows anywhere, so the counters are always read. Checked again at
  // the next snapshot after a script that may have made one.
  bool user_event_triggers = false;
  bool recheck_event_triggers = false;
};

// Queries to run in the same round trip as a script, before it: they see the
// state the script starts from. `rows` is filled only when they ran (on
// PostgreSQL, for a transactional script, and when none of them failed);
// `failed` holds their error when one did. A script that begins with a
// setting (SET TRANSACTION must come before any query) has them run in a
// round trip of their own, just before it.
struct Lead {
  std::vector<backend::Step> steps;
  std::vector<backend::Rows> rows;
  std::optional<Error> failed;
};

// Runs a script the way the runner would: split with the engine's splitter,
// in one transaction unless `transactional` is false. The error names the
// failing statement. With `log`, records what the script wrote. With
// `tracker`, tells it when the script may have changed the catalogs behind
// its event triggers' back (ddl_visibility.h, or the script failed half way).
Status RunScript(backend::Connection& conn, const std::string& text, bool transactional, const std::string& what,
                 WriteLog* log = nullptr, backend::SnapshotTracker* tracker = nullptr, Lead* lead = nullptr);

class RoundTrip {
 public:
  RoundTrip(backend::Connection& conn, int seed_rows)
      : conn_(conn), seeder_(conn, seed_rows), tracker_(conn), models_(conn.dialect()) {}

  Result<MigrationVerdict> Verify(const Migration& m);

 private:
  Result<backend::SnapshotPtr> Snapshot();
  Status Run(const std::string& text, bool transactional, const std::string& what, Lead* lead = nullptr);
  // The table models of `snap`, the current snapshot, looking again only at
  // the tables the snapshots taken since the last call changed.
  std::shared_ptr<const Tables> ModelsOf(const SchemaSnapshot& snap);
  // The fingerprint of `tables`: fingerprinted again only where written or
  // changed in schema since the last one (with the tables that inherit from
  // them); every table on SQLite.
  Result<DataPrint> Fingerprint(const SchemaSnapshot& snap, const Tables& tables);
  // The same in two halves, for a caller that reads the tables to fingerprint
  // again in a round trip of its own (in front of the next script).
  struct PrintPlan {
    const Tables* tables = nullptr;  // all of them
    Tables again;                    // the ones to read
  };
  PrintPlan PlanPrint(const SchemaSnapshot& snap, const Tables& tables);
  DataPrint FinishPrint(const PrintPlan& plan, const DataPrint& fresh);
  // Runs a script with the tables of `plan` read in front of it, in the same
  // round trip when it can (PostgreSQL, a transactional script), and their
  // fingerprint, of the state before the script, into `print`. The inner
  // status is the script's; the outer error, the scratch database's.
  Result<Status> RunAfterPrint(const PrintPlan& plan, const std::string& text, bool transactional,
                               const std::string& what, DataPrint& print);

  backend::Connection& conn_;
  Seeder seeder_;
  backend::SnapshotTracker tracker_;
  TableModels models_;
  std::set<std::string> models_dirty_;  // tables changed by the snapshots since the last ModelsOf()
  bool models_all_ = true;
  // The schema as last read, while nothing has changed it since.
  backend::SnapshotPtr current_;
  // The data as last fingerprinted, and the tables that may differ since.
  std::optional<DataPrint> print_;
  WriteLog dirty_;
  bool listen_tried_ = false;
};

}  // namespace wayback::verify
