// Lint: every statement of a migration classified from a real parse, checked
// against the rules in docs/rules/, with no database. The CLI's `lint`,
// `status` and `up --dry-run` use only this header.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "wayback/database_url.h"
#include "wayback/error.h"
#include "wayback/migration.h"
#include "wayback/project.h"

namespace wayback {

enum class Severity { kInfo, kWarning, kError };
const char* SeverityName(Severity s);  // "info", "warning", "error"

// What a statement (or a migration: the union of its statements) is, on two
// axes. The way back: reversible, transforming, lossy, incompatible,
// irreversible. The cost while it runs: lock-heavy. Bits of ChangeClasses.
enum ChangeClass : uint32_t {
  kReversible = 1u << 0,    // additive; wayback can write the inverse
  kTransforming = 1u << 1,  // rewrites existing values (UPDATE, type change, INSERT … SELECT)
  kLossy = 1u << 2,         // data is destroyed; a down can bring the schema back, not the data
  kLockHeavy = 1u << 3,     // holds a lock that blocks reads or writes while it scans or rewrites
  kIncompatible = 1u << 4,  // drops, renames or retypes a table/column the running code may use
  kIrreversible = 1u << 5,  // a one-way door: a whole table, schema or database of data gone
};
using ChangeClasses = uint32_t;

// "reversible", "lossy, lock-heavy" … in a fixed order, most serious first.
std::string ChangeClassNames(ChangeClasses classes);
// The single most serious class of a set, for one-word summaries
// (irreversible > incompatible > lossy > transforming > reversible);
// lock-heavy is a cost, not a verdict, and never the headline.
std::string HeadlineClass(ChangeClasses classes);

struct StatementClass {
  int line = 0;
  std::string text;          // first line of the statement
  ChangeClasses classes = 0;
  std::string lock;          // "SHARE on users (scans the table)", empty when harmless
  std::vector<std::string> notes;  // why each class applies
};

struct MigrationClass {
  std::string id;            // "0003_users_uuid", or the file name of a plain script
  ChangeClasses classes = 0;
  std::vector<StatementClass> statements;
};

struct Finding {
  std::string rule;          // stable id, e.g. "incompatible-change"
  Severity severity = Severity::kWarning;
  std::string message;       // what is wrong and what to do instead
  std::filesystem::path file;
  int line = 1;              // 1-based; 1 for whole-file findings
  int column = 1;
  std::string statement;     // the statement's text, empty for whole-file findings
  std::string migration;     // migration id
};

struct LintOptions {
  Dialect dialect = Dialect::kPostgres;  // Default: PostgreSQL
  std::vector<std::string> disabled_rules;  // [lint] disable = [...]
  Policy policy;                 // the timeouts wayback will set (checked by rule "timeouts")
  bool suggest_down = false;     // fill LintReport::suggested_downs
};

struct SuggestedDown {
  std::string migration;
  std::filesystem::path up_file;
  std::string sql;               // the inverse, statements in reverse order, identifiers quoted
  bool complete = true;          // false: some statements have no automatic inverse (commented)
};

struct LintReport {
  std::vector<Finding> findings;        // ordered by file, line, rule
  std::vector<MigrationClass> migrations;
  std::vector<SuggestedDown> suggested_downs;
  size_t files = 0;
  size_t statements = 0;
  size_t suppressed = 0;                // findings silenced by `-- wayback:allow` or config

  bool HasErrors() const;
};

// Lints PATHs: a folder is read as a migration set (NNNN_name.up.sql /
// .down.sql pairs; other *.sql files as plain scripts); a file as itself, with
// its pair and earlier migrations from its folder as context. Problems with a
// file's SQL (syntax errors, bad directives) are findings, not errors; errors
// are for paths that cannot be read (kBadInput).
Result<LintReport> LintPaths(const std::vector<std::filesystem::path>& paths, const LintOptions& options);

// The classification of set[index], with set[0..index) as the history it
// runs after (needed by SQLite's replica; PostgreSQL needs none). For
// `status` and `up --dry-run`. kBadInput when its SQL does not parse.
// REQUIRES: index < set.size().
Result<MigrationClass> ClassifyMigration(const std::vector<Migration>& set, size_t index, Dialect dialect);

// Output formats of `wayback lint --format`: "text" (file:line:col, the
// statement and a caret; `color` paints it), "json", "sarif" (SARIF 2.1.0)
// and "github" (workflow annotations). kBadInput for another name.
Result<std::string> FormatLintReport(const LintReport& report, std::string_view format, bool color = false);

struct RuleInfo {
  std::string id;
  Severity severity;
  std::string summary;
};
// Every rule, in the order of docs/rules/README.md.
const std::vector<RuleInfo>& LintRules();

}  // namespace wayback
