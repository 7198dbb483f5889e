// wayback's own statement model: what one SQL statement does, independent of
// the parser that read it. PostgreSQL statements are translated from
// libpg_query's parse tree in sql/postgres_model.cc (the only translation);
// SQLite statements are described by SQLite itself (backend/sqlite_effects.cc).
// Lint, classification and suggest-down work only on these types.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wayback::sql {

enum class ObjectKind {
  kNone, kTable, kColumn, kIndex, kConstraint, kView, kMaterializedView, kSequence, kFunction,
  kTrigger, kType, kDomain, kExtension, kSchema, kDatabase, kTablespace, kRole, kPolicy, kOther,
};

enum class Action {
  kCreate,            // CREATE <kind>
  kAlter,             // any other change to an object's definition
  kDrop,              // DROP <kind> (a column: ALTER TABLE … DROP COLUMN)
  kRename,            // RENAME; new_name holds the new name
  kAddColumn,         // object = table, column = the new column
  kTypeChange,        // ALTER COLUMN … TYPE
  kSetNotNull,
  kDropNotNull,
  kSetDefault,
  kDropDefault,
  kAddConstraint,     // constraint_type says which; not_valid when NOT VALID
  kDropConstraint,
  kValidateConstraint,
  kCreateIndex,       // object = index (may be unnamed), table = its table
  kDropIndex,
  kInsert, kUpdate, kDelete, kTruncate, kSelect, kMerge,
  kTransactionControl,  // BEGIN / COMMIT / ROLLBACK / SAVEPOINT
  kSession,             // SET / RESET / SHOW and similar
  kMaintenance,         // VACUUM, ANALYZE, CLUSTER, REINDEX, REFRESH, CHECKPOINT
  kPrivilege,           // GRANT / REVOKE / ownership / security labels
  kComment,
  kOther,             // understood, no effect on tables worth modelling (DO, CALL, NOTIFY…)
  kOpaque,            // not understood: detail says what the parser produced
};

// PostgreSQL's table-level lock modes, weakest first (PostgreSQL 15, §13.3.1).
enum class LockLevel {
  kNone, kAccessShare, kRowShare, kRowExclusive, kShareUpdateExclusive, kShare,
  kShareRowExclusive, kExclusive, kAccessExclusive,
};

const char* ObjectKindName(ObjectKind kind);
const char* ActionName(Action action);
const char* LockLevelName(LockLevel level);  // "ACCESS EXCLUSIVE", "" for kNone

// A possibly schema-qualified name, case as the engine folds it.
struct QualifiedName {
  std::string schema;  // empty when not written
  std::string name;

  bool empty() const { return name.empty(); }
  std::string ToString() const { return schema.empty() ? name : schema + "." + name; }
  // Same object, ignoring an explicit "public"/"main" schema.
  bool SameAs(const QualifiedName& other) const;
};

// One thing a statement does to one object.
struct Effect {
  Action action = Action::kOpaque;
  ObjectKind kind = ObjectKind::kNone;
  QualifiedName object;         // the table, index, view, function… acted on
  QualifiedName table;          // for columns, constraints, indexes, triggers: their table
  std::string column;           // column name for column-level actions
  std::string new_name;         // kRename: the new name (unqualified)
  std::string type;             // kAddColumn / kTypeChange: the type as written
  std::string constraint_type;  // kAddConstraint: "primary key", "unique", "foreign key", "check", "exclusion", "not null"
  QualifiedName references;     // kAddConstraint of a foreign key: the referenced table
  std::string detail;           // kOpaque: the parse node; otherwise a short note
  LockLevel lock = LockLevel::kNone;  // the strongest lock taken on `lock_on`
  QualifiedName lock_on;
  bool if_exists = false;
  bool if_not_exists = false;
  bool or_replace = false;
  bool concurrent = false;      // CONCURRENTLY
  bool not_valid = false;       // constraint added NOT VALID
  bool uses_index = false;      // constraint added USING INDEX
  bool not_null = false;        // kAddColumn: NOT NULL
  bool has_default = false;     // kAddColumn: DEFAULT (or identity / generated)
  bool volatile_default = false;  // the default must be computed per row (forces a rewrite)
  bool has_where = false;       // UPDATE / DELETE with a WHERE clause
  bool reads_other_tables = false;  // INSERT … SELECT, UPDATE … FROM
  bool cascade = false;         // CASCADE
  bool force = false;           // DROP DATABASE … WITH (FORCE)
  bool rewrites = false;        // rewrites every row of the table
  bool scans = false;           // reads the whole table while holding `lock`
  bool destroys_data = false;   // data is gone once it has run
  bool transactional = true;    // false: cannot run inside a transaction block
  std::vector<std::string> updated_columns;  // kUpdate: the columns SET
};

// One statement of a script with its effects (at least one).
struct Statement {
  std::string text;   // as written, without the terminating ';'
  size_t offset = 0;  // byte offset of its first character in the script
  int line = 1;       // 1-based
  int column = 1;     // 1-based, in bytes
  std::vector<Effect> effects;
};

// 1-based column of byte `offset` in `text`.
int ColumnOfOffset(std::string_view text, size_t offset);

}  // namespace wayback::sql
