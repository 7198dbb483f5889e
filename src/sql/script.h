// A migration script cut into statements. The splitters live with the code that
// understands each dialect: sql/postgres_split.cc (libpg_query) and
// backend/sqlite_split.cc (sqlite3_complete); backend/split.h picks one.
#pragma once

#include <string>
#include <vector>

namespace wayback::sql {

struct ScriptStatement {
  std::string text;   // the statement, without the terminating ';'
  size_t offset = 0;  // byte offset of its first character in the script
  int line = 1;       // 1-based line of its first character
};

}  // namespace wayback::sql
