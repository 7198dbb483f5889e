#include "sql/statement.h"

namespace wayback::sql {
namespace {

// The default schema of either engine: an explicit one names the same object.
bool IsDefaultSchema(const std::string& s) { return s.empty() || s == "public" || s == "main"; }

}  // namespace

bool QualifiedName::SameAs(const QualifiedName& other) const {
  if (name != other.name) return false;
  if (schema == other.schema) return true;
  return IsDefaultSchema(schema) && IsDefaultSchema(other.schema);
}

const char* ObjectKindName(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kNone: return "none";
    case ObjectKind::kTable: return "table";
    case ObjectKind::kColumn: return "column";
    case ObjectKind::kIndex: return "index";
    case ObjectKind::kConstraint: return "constraint";
    case ObjectKind::kView: return "view";
    case ObjectKind::kMaterializedView: return "materialized view";
    case ObjectKind::kSequence: return "sequence";
    case ObjectKind::kFunction: return "function";
    case ObjectKind::kTrigger: return "trigger";
    case ObjectKind::kType: return "type";
    case ObjectKind::kDomain: return "domain";
    case ObjectKind::kExtension: return "extension";
    case ObjectKind::kSchema: return "schema";
    case ObjectKind::kDatabase: return "database";
    case ObjectKind::kTablespace: return "tablespace";
    case ObjectKind::kRole: return "role";
    case ObjectKind::kPolicy: return "policy";
    case ObjectKind::kOther: return "object";
  }
  return "object";
}

const char* ActionName(Action action) {
  switch (action) {
    case Action::kCreate: return "create";
    case Action::kAlter: return "alter";
    case Action::kDrop: return "drop";
    case Action::kRename: return "rename";
    case Action::kAddColumn: return "add column";
    case Action::kTypeChange: return "type change";
    case Action::kSetNotNull: return "set not null";
    case Action::kDropNotNull: return "drop not null";
    case Action::kSetDefault: return "set default";
    case Action::kDropDefault: return "drop default";
    case Action::kAddConstraint: return "add constraint";
    case Action::kDropConstraint: return "drop constraint";
    case Action::kValidateConstraint: return "validate constraint";
    case Action::kCreateIndex: return "create index";
    case Action::kDropIndex: return "drop index";
    case Action::kInsert: return "insert";
    case Action::kUpdate: return "update";
    case Action::kDelete: return "delete";
    case Action::kTruncate: return "truncate";
    case Action::kSelect: return "select";
    case Action::kMerge: return "merge";
    case Action::kTransactionControl: return "transaction control";
    case Action::kSession: return "session";
    case Action::kMaintenance: return "maintenance";
    case Action::kPrivilege: return "privilege";
    case Action::kComment: return "comment";
    case Action::kOther: return "other";
    case Action::kOpaque: return "opaque";
  }
  return "opaque";
}

const char* LockLevelName(LockLevel level) {
  switch (level) {
    case LockLevel::kNone: return "";
    case LockLevel::kAccessShare: return "ACCESS SHARE";
    case LockLevel::kRowShare: return "ROW SHARE";
    case LockLevel::kRowExclusive: return "ROW EXCLUSIVE";
    case LockLevel::kShareUpdateExclusive: return "SHARE UPDATE EXCLUSIVE";
    case LockLevel::kShare: return "SHARE";
    case LockLevel::kShareRowExclusive: return "SHARE ROW EXCLUSIVE";
    case LockLevel::kExclusive: return "EXCLUSIVE";
    case LockLevel::kAccessExclusive: return "ACCESS EXCLUSIVE";
  }
  return "";
}

int ColumnOfOffset(std::string_view text, size_t offset) {
  if (offset > text.size()) offset = text.size();
  size_t nl = text.rfind('\n', offset == 0 ? std::string_view::npos : offset - 1);
  if (offset == 0) return 1;
  return static_cast<int>(nl == std::string_view::npos ? offset + 1 : offset - nl);
}

}  // namespace wayback::sql
