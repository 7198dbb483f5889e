// Deploying: status, up, down and history of one target. The algorithm is
// written once (src/migrate/runner.cc); engines only supply primitives.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wayback/error.h"
#include "wayback/migration.h"
#include "wayback/project.h"
#include "wayback/state.h"

namespace wayback {

// An applied migration whose file was changed since it was applied.
struct EditedMigration {
  std::string version, name;
  std::string stored_checksum, file_checksum;
};

// The latest attempt of a migration that failed and is not applied.
struct FailedAttempt {
  std::string version, name, at, error;
  std::optional<int> statement_index;  // 1-based
  bool no_transaction = false;         // true: statements before the failing one stayed applied
};

struct StatusReport {
  std::string target;    // target name
  std::string database;  // masked URL
  std::vector<AppliedMigration> applied;  // every applied migration, known to the code or not
  std::vector<Migration> pending;         // in the code, not applied
  std::vector<AppliedMigration> ahead;    // applied, not in the code (the database is ahead)
  std::vector<EditedMigration> edited;    // applied, up file changed since
  std::vector<EditedMigration> down_changed;  // applied, down file differs from the stored down
  std::vector<FailedAttempt> failed;
};

// Told about a deployment as it happens (the CLI draws progress from it).
class DeployObserver {
 public:
  virtual ~DeployObserver() = default;
  virtual void OnWaiting(const std::string& /*message*/) {}
  // `index` counts from 1 up to `total`.
  virtual void OnStep(const std::string& /*id*/, const std::string& /*direction*/, int /*index*/,
                      int /*total*/) {}
  virtual void OnStepDone(const std::string& /*id*/, int64_t /*duration_ms*/) {}
  virtual void OnNote(const std::string& /*message*/) {}
};

struct StepReport {
  std::string version, name, direction;  // direction: "up" or "down"
  int64_t duration_ms = 0;
  std::vector<std::string> statements;  // filled by dry runs
  bool skipped = false;                 // another deployer applied it first
};

struct DeployReport {
  std::string target;
  bool dry_run = false;
  std::vector<StepReport> steps;
  std::vector<std::string> notes;
};

struct UpOptions {
  std::optional<std::string> to;  // apply pending migrations up to and including this version
  bool dry_run = false;
  bool allow_ahead = false;       // proceed although the database has migrations the code lacks
  bool require_verified = false;  // refuse a migration not verified reversible (wayback/verify.h)
  bool accept_loss = false;       // with require_verified: a verified-lossy migration is accepted
};

struct DownOptions {
  std::optional<std::string> to;  // roll back every applied migration above this version
  std::optional<int> steps;       // roll back this many (default 1)
  bool dry_run = false;
};

Result<StatusReport> GetStatus(const Target& target);
Result<DeployReport> Up(const Target& target, const UpOptions& options, DeployObserver& observer);
Result<DeployReport> Down(const Target& target, const DownOptions& options, DeployObserver& observer);
Result<std::vector<Event>> History(const Target& target);

}  // namespace wayback
