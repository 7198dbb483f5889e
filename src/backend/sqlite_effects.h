// SQLite statements in wayback's statement model, described by SQLite itself:
// each statement is prepared against an in-memory replica of the schema with
// an authorizer (sqlite3_set_authorizer) that records every action SQLite
// checks, and schema changes are applied to the replica so that the next
// statement sees the schema it will really run against. ALTER TABLE's
// sub-action (add, drop or rename a column, rename the table) is read from the
// replica's catalog before and after the statement runs.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "sql/statement.h"
#include "wayback/error.h"

struct sqlite3;

namespace wayback::backend {

class SqliteReplica {
 public:
  // An empty in-memory database. kInternal if SQLite cannot open one.
  static Result<std::unique_ptr<SqliteReplica>> Open();
  ~SqliteReplica();
  SqliteReplica(const SqliteReplica&) = delete;
  SqliteReplica& operator=(const SqliteReplica&) = delete;

  // Describes each statement of `script` and applies its schema changes to
  // the replica. A table or column the replica does not know (created before
  // the migrations wayback was given) is stubbed in so the statement can be
  // described; a statement SQLite still refuses gets an Action::kOpaque effect
  // carrying SQLite's message. Errors only for a script that cannot be split.
  Result<std::vector<sql::Statement>> Describe(std::string_view script);

  // A copy of the replica as it is now (SQLite's backup API), to describe a
  // down against the schema its up leaves without disturbing this one.
  Result<std::unique_ptr<SqliteReplica>> Clone() const;

 private:
  explicit SqliteReplica(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace wayback::backend
