// What lint works on: one migration (an up, its down if any, directives and
// the way-back block) with every statement already in wayback's model.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sql/statement.h"
#include "wayback/lint.h"
#include "wayback/migration.h"

namespace wayback::lint {

struct ScriptFile {
  std::filesystem::path path;
  std::string text;
  Directives directives;
  std::string directive_error;      // set when a directive does not parse
  std::vector<sql::Statement> statements;
  std::string parse_error;          // set when the SQL does not parse
  int error_line = 1;
};

struct Unit {
  std::string id;                   // "0003_users_uuid", or the plain file's name
  bool is_migration = true;         // false: a plain *.sql script (no down expected)
  ScriptFile up;
  std::optional<ScriptFile> down;
  WayBackBlock way_back;
  Dialect dialect = Dialect::kPostgres;
};

// Lower-case "table" or "table.column" keys for the objects an up creates,
// so that changes to them are not changes to what running code uses.
struct Facts {
  std::set<std::string> created_tables;
  std::set<std::string> added_columns;   // "table.column"
  std::set<std::string> rebuilt_tables;  // dropped and replaced by a rename (SQLite's table rebuild)
  std::set<std::string> ddl_tables;      // tables whose definition the up changes

  bool TableIsNew(const sql::QualifiedName& t) const { return created_tables.count(t.name) > 0; }
  bool ColumnIsNew(const sql::QualifiedName& t, const std::string& c) const {
    return TableIsNew(t) || added_columns.count(t.name + "." + c) > 0;
  }
};

Facts FactsOf(const std::vector<sql::Statement>& up);

}  // namespace wayback::lint
