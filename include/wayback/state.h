// What wayback keeps inside the target (docs/state.md): the migrations as
// applied, with their down SQL, and an append-only event log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace wayback {

// A row of the migrations table: the migration exactly as it was applied.
struct AppliedMigration {
  std::string version;
  std::string name;
  std::string up_sql;
  std::optional<std::string> down_sql;  // the way back, stored at apply time
  std::string up_checksum;
  std::optional<std::string> down_checksum;
  bool no_transaction = false;
  std::optional<std::string> irreversible_reason;
  std::string applied_at;  // UTC ISO 8601
  std::string applied_by;  // user@host
  int64_t duration_ms = 0;

  std::string Id() const { return version + "_" + name; }
  bool DownStored() const { return down_sql.has_value() && !irreversible_reason; }
};

// A row of the events table. Kinds: apply, rollback, fail.
struct Event {
  int64_t id = 0;
  std::string at;
  std::string kind;
  std::string version;
  std::string name;
  std::string actor;
  std::optional<int> statement_index;  // 1-based statement that failed
  std::string error;
  std::string detail;
  std::optional<int64_t> duration_ms;
};

}  // namespace wayback
