// Reads and writes wayback's state tables in the target through the Backend
// interface; the SQL for each engine is in src/migrate/state/.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "backend/connection.h"
#include "wayback/database_url.h"
#include "wayback/state.h"

namespace wayback::migrate {

// The state format this build reads and writes (docs/state.md).
inline constexpr int kStateFormatVersion = 1;

class StateStore {
 public:
  explicit StateStore(backend::Connection& conn) : conn_(conn) {}

  // True when the state tables exist (a read-only check; status never creates them).
  Result<bool> Exists();
  // Creates the state tables if needed and checks their format version.
  // REQUIRES: the deploy lock is held.
  Status Ensure();

  // Applied migrations, in numeric version order. Empty when there is no state.
  Result<std::vector<AppliedMigration>> List();
  Result<bool> IsApplied(const std::string& version);
  Status Insert(const AppliedMigration& m);
  Status Remove(const std::string& version);
  Status Record(const Event& e);
  // The same write as a step of Connection::RunSteps, to pipeline with others.
  backend::Step RecordStep(const Event& e) const;

  // Inserts `m` and its `apply` event, then commits `tx`: one round trip on
  // engines that pipeline (the deploy loop's hot path).
  Status CommitApplied(backend::Transaction& tx, const AppliedMigration& m, const Event& e);
  // Deletes the row of `version` and records its `rollback` event, then commits.
  Status CommitRolledBack(backend::Transaction& tx, const std::string& version, const Event& e);

  // The same writes as one statement and its parameters, for engines that
  // have one (PostgreSQL); nullopt elsewhere. Durations are measured by the
  // server from the start of the transaction, as the write runs last in it.
  std::optional<std::pair<std::string, backend::Params>> AppliedWrite(const AppliedMigration& m, const Event& e) const;
  std::optional<std::pair<std::string, backend::Params>> RolledBackWrite(const std::string& version,
                                                                         const Event& e) const;
  Result<std::vector<Event>> Events();

 private:
  const std::string& Sql(std::string_view name) const;
  backend::Connection& conn_;
};

}  // namespace wayback::migrate
