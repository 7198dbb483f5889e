// What a migration script can do behind the back of the cheap ways verify
// watches a scratch database: PostgreSQL's DDL event triggers (for the
// snapshot tracker, backend/schema_snapshot.h) and the transaction's row
// counters (for the data fingerprint, round_trip.cc).
#pragma once

#include <string_view>

namespace wayback::verify {

struct ScriptTraits {
  // Every statement is DDL, a comment, a privilege change, a setting,
  // transaction control, or a write to a table outside pg_catalog. False for
  // anything whose catalog changes fire no event trigger (CLUSTER, REINDEX,
  // VACUUM), may hide catalog writes (DO, CALL, SELECT of a function, a write
  // to a pg_catalog table), or that the model does not understand; also when
  // the script does not parse.
  bool event_triggers_see_all = false;
  // The script may write rows of a table whose schema it does not change. False
  // only for DDL that evaluates no expression over existing rows (no volatile
  // default, USING, CHECK or query): then the tables whose rows change are the
  // ones whose schema changes, which the snapshot tracker reports anyway —
  // unless an event trigger of the user's writes rows on DDL (the caller knows).
  bool writes_rows = true;
  // CREATE or ALTER EVENT TRIGGER: user code may run on every later DDL.
  bool touches_event_triggers = false;
  // The first statement after any transaction control is a setting (SET,
  // RESET, SET TRANSACTION, …): nothing may run before it in the script's
  // transaction, since SET TRANSACTION must come before any query.
  bool leads_with_setting = false;
};

// PostgreSQL only (the SQLite path watches nothing this way).
ScriptTraits ClassifyScript(std::string_view script);

}  // namespace wayback::verify
