// A project: wayback.toml and the targets it declares, after overrides from
// the command line and the environment.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "wayback/database_url.h"
#include "wayback/error.h"

namespace wayback {

// What every migration runs under. Durations are milliseconds; 0 = no limit.
struct Policy {
  int64_t lock_timeout_ms = 5'000;             // Default: 5s per lock request
  int64_t statement_timeout_ms = 30 * 60'000;  // Default: 30min per statement
  int lock_retries = 3;                        // Default: 3 retries after a lock timeout
  int64_t lock_retry_delay_ms = 2'000;         // Default: 2s, doubled after each retry
  int64_t lock_wait_ms = 10 * 60'000;          // Default: 10min waiting for another deployer
};

struct Target {
  std::string name;
  DatabaseUrl url;
  std::filesystem::path migrations_dir;
  Policy policy;
};

// A declared target that is not used this time, and why (an optional target
// whose URL variable is unset).
struct SkippedTarget {
  std::string name;
  std::string reason;
};

struct Project {
  std::filesystem::path root;                      // folder of wayback.toml, or -C DIR
  std::optional<std::filesystem::path> config;     // wayback.toml if there is one
  Policy policy;                                   // [policy] of wayback.toml
  std::vector<Target> targets;                     // in declaration order
  std::vector<SkippedTarget> skipped;
  std::vector<std::string> disabled_rules;         // [lint] disable = [...]
  int64_t journal_retention_ms = 7 * 86'400'000;  // [journal] retention; Default: 7d
};

struct ProjectOptions {
  std::filesystem::path dir = ".";  // -C DIR
  std::string target;               // -t NAME: only this target
  std::string database;             // --database URL (else $WAYBACK_DATABASE_URL)
  std::string migrations;           // --migrations DIR
};

// Reads DIR/wayback.toml if present and applies the overrides. Without a config
// file, --database (or WAYBACK_DATABASE_URL) defines a single target "default"
// with migrations in DIR/migrations unless --migrations says otherwise.
Result<Project> LoadProject(const ProjectOptions& options);

// "5s", "250ms", "10min", "1h", "7d", or a bare number of milliseconds.
Result<int64_t> ParseDuration(std::string_view text);

}  // namespace wayback
