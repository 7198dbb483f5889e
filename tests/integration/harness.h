// Test harness for integration tests: temp project folders, running the real
// wayback binary, and databases on both engines (a fresh SQLite file, or a
// fresh database on the throwaway PostgreSQL server of scripts/with-postgres.sh).
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "backend/connection.h"

namespace wayback::testing {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  std::string all() const { return out + err; }
};

// Runs build/wayback with `args` in `cwd`; `env` entries are added to the
// environment (an empty value unsets the variable).
CliResult RunCli(const std::vector<std::string>& args, const fs::path& cwd,
                 const std::map<std::string, std::string>& env = {});

// Writes NNNN_name.up.sql / .down.sql into `dir`. An empty `down` with
// `write_down` false writes no down file.
void WriteMigration(const fs::path& dir, const std::string& id, const std::string& up, const std::string& down,
                    bool write_down = true);

// One database for one test: SQLite file or a fresh PostgreSQL database.
class TestDatabase {
 public:
  virtual ~TestDatabase() = default;
  virtual std::string url() const = 0;
  virtual Dialect dialect() const = 0;
  // A connection for assertions (schema and rows).
  std::unique_ptr<backend::Connection> Connect() const;
  // The single value of `sql`, "" for NULL. Fails the test on error.
  std::string Scalar(const std::string& sql) const;
  // True when a table with this name exists (main / public schema).
  bool HasTable(const std::string& table) const;
  bool HasColumn(const std::string& table, const std::string& column) const;
  // True when wayback's state exists in this database.
  bool HasWaybackState() const;
  // A text rendering of the user schema (tables, columns, types, indexes),
  // excluding wayback's own state, for before/after comparisons.
  std::string UserSchema() const;
};

// "sqlite" or "postgres". PostgreSQL is skipped when WAYBACK_TEST_PG_URL is
// unset, and fails when WAYBACK_REQUIRE_PG=1 (as under `make test`).
std::unique_ptr<TestDatabase> MakeDatabase(const std::string& engine, const fs::path& dir);
bool PostgresAvailable();
std::string PostgresAdminUrl();

// Engines to run each engine-parameterized test on.
std::vector<std::string> Engines();

}  // namespace wayback::testing
