// Everything a command needs to work on one target: an open connection, its
// state store and the migration set on disk.
#pragma once

#include <memory>
#include <vector>

#include "backend/connection.h"
#include "migrate/state_store.h"
#include "wayback/migration.h"
#include "wayback/project.h"

namespace wayback::migrate {

struct TargetSession {
  const Target* target = nullptr;
  std::unique_ptr<backend::Connection> conn;
  std::unique_ptr<StateStore> state;
  std::vector<Migration> migrations;  // from disk, in version order
  std::string set_error;              // FileSet::kBestEffort: why the set could not be read
};

enum class FileSet {
  kRequired,  // a bad migration set fails before touching the database (up, status)
  kBestEffort,  // down and history work from the stored SQL: a bad set is left empty
};

// Loads the migration set, then connects.
Result<TargetSession> OpenTarget(const Target& target, FileSet files = FileSet::kRequired);

// Compares the code with the state: what is pending, ahead, edited.
struct Comparison {
  std::vector<const Migration*> pending;
  std::vector<const AppliedMigration*> ahead;
  std::vector<std::pair<const Migration*, const AppliedMigration*>> edited;
  std::vector<std::pair<const Migration*, const AppliedMigration*>> down_changed;
};
Comparison Compare(const std::vector<Migration>& code, const std::vector<AppliedMigration>& applied);

}  // namespace wayback::migrate
