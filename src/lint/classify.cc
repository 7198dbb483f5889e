// The classes, from the effects alone (no database). "Existed before" means
// not created by this up: a table from an earlier migration or of unknown
// origin is one the running code may use (essay 001's rule).
#include "lint/classify.h"

#include "util/strings.h"

namespace wayback::lint {
namespace {

using sql::Action;
using sql::Effect;
using sql::ObjectKind;

std::string Name(const sql::QualifiedName& q) { return q.ToString(); }

std::string FirstLine(const std::string& text) {
  size_t nl = text.find('\n');
  return nl == std::string::npos ? text : text.substr(0, nl) + " …";
}

}  // namespace

Facts FactsOf(const std::vector<sql::Statement>& up) {
  Facts f;
  std::set<std::string> dropped, renamed_to;
  for (const auto& s : up) {
    for (const auto& e : s.effects) {
      if (e.action == Action::kCreate && (e.kind == ObjectKind::kTable || e.kind == ObjectKind::kMaterializedView)) {
        f.created_tables.insert(e.object.name);
      } else if (e.action == Action::kAddColumn) {
        f.added_columns.insert(e.table.name + "." + e.column);
      } else if (e.action == Action::kDrop && e.kind == ObjectKind::kTable) {
        dropped.insert(e.object.name);
      } else if (e.action == Action::kRename && e.kind == ObjectKind::kTable) {
        renamed_to.insert(e.new_name);
      }
      bool ddl = e.action == Action::kAddColumn || e.action == Action::kTypeChange || e.action == Action::kRename ||
                 e.action == Action::kSetNotNull || e.action == Action::kDropNotNull ||
                 e.action == Action::kSetDefault || e.action == Action::kDropDefault ||
                 e.action == Action::kAddConstraint || (e.action == Action::kDrop && e.kind == ObjectKind::kColumn);
      if (ddl && !e.table.empty()) f.ddl_tables.insert(e.table.name);
    }
  }
  for (const auto& t : dropped) {
    if (renamed_to.count(t)) f.rebuilt_tables.insert(t);
  }
  return f;
}

bool IsLockHeavy(const Effect& e, const Facts& facts, Dialect dialect) {
  if (!e.scans && !e.rewrites) return false;
  const sql::QualifiedName& on = e.lock_on.empty() ? e.table : e.lock_on;
  if (on.empty() || facts.TableIsNew(on)) return false;
  if (dialect == Dialect::kSqlite) return e.rewrites;  // the database write lock, for the whole rewrite
  return e.lock >= sql::LockLevel::kShare;
}

ChangeClasses ClassifyEffect(const Effect& e, const Facts& facts, Dialect dialect, std::vector<std::string>* notes,
                             std::string* lock) {
  ChangeClasses c = 0;
  auto note = [&](ChangeClasses cls, const std::string& why) {
    c |= cls;
    if (notes) notes->push_back(why);
  };
  const sql::QualifiedName& table = e.table.empty() ? e.object : e.table;
  bool table_before = !facts.TableIsNew(table);
  bool column_before = table_before && !facts.ColumnIsNew(table, e.column);
  switch (e.action) {
    case Action::kCreate:
      if (e.or_replace) break;  // the previous definition, if any, is not known here
      note(kReversible, "creates " + std::string(sql::ObjectKindName(e.kind)) + " " + Name(e.object));
      break;
    case Action::kCreateIndex:
    case Action::kAddConstraint:
    case Action::kValidateConstraint:
    case Action::kComment:
      note(kReversible, std::string(sql::ActionName(e.action)) + " is additive");
      break;
    case Action::kAddColumn:
      note(kReversible, "adds column " + e.column + " to " + Name(table));
      break;
    case Action::kDrop:
      if (e.kind == ObjectKind::kColumn) {
        if (column_before) {
          note(kLossy, "drops column " + Name(table) + "." + e.column + " and its data");
          note(kIncompatible, "running code may read or write " + Name(table) + "." + e.column);
        }
      } else if (e.kind == ObjectKind::kTable) {
        if (facts.rebuilt_tables.count(e.object.name)) {
          note(kTransforming, "rebuilds table " + Name(e.object) + " (copy, drop, rename)");
        } else if (table_before) {
          note(kLossy, "drops table " + Name(e.object) + " and its rows");
          note(kIrreversible, "no down can bring back the rows of " + Name(e.object));
          note(kIncompatible, "running code may use table " + Name(e.object));
        }
      } else if (e.kind == ObjectKind::kSchema || e.kind == ObjectKind::kDatabase) {
        note(kLossy, "drops " + std::string(sql::ObjectKindName(e.kind)) + " " + Name(e.object) + " with its data");
        note(kIrreversible, "no down can bring back what " + Name(e.object) + " held");
      } else if (e.destroys_data && !facts.TableIsNew(e.object)) {
        note(kLossy, "drops " + std::string(sql::ObjectKindName(e.kind)) + " " + Name(e.object) + " and what it held");
      }
      break;
    case Action::kRename:
      if ((e.kind == ObjectKind::kTable && table_before) ||
          (e.kind == ObjectKind::kColumn && table_before && !facts.ColumnIsNew(table, e.column))) {
        std::string what = e.kind == ObjectKind::kTable ? "table " + Name(table) : "column " + Name(table) + "." + e.column;
        note(kIncompatible, "renames " + what + " to " + e.new_name + "; running code still uses the old name");
      }
      break;
    case Action::kTypeChange:
      if (column_before) {
        note(kTransforming, "converts every value of " + Name(table) + "." + e.column + " to " + e.type);
        note(kIncompatible, "running code expects the old type of " + Name(table) + "." + e.column);
      }
      break;
    case Action::kInsert:
      note(table_before ? kTransforming : kReversible, "inserts rows into " + Name(table));
      break;
    case Action::kUpdate: {
      note(kTransforming, "updates rows of " + Name(table));
      if (!table_before) break;
      for (const auto& col : e.updated_columns) {
        if (!facts.ColumnIsNew(table, col)) {
          note(kLossy, "overwrites " + Name(table) + "." + col + "; the previous values are gone");
          break;
        }
      }
      break;
    }
    case Action::kMerge:
      if (table_before) note(kTransforming | kLossy, "merges rows into " + Name(table));
      break;
    case Action::kDelete:
      if (table_before) {
        note(kLossy, "deletes rows of " + Name(table));
        if (!e.has_where) note(kIrreversible, "deletes every row of " + Name(table));
      }
      break;
    case Action::kTruncate:
      if (table_before) {
        note(kLossy, "empties " + Name(table));
        note(kIrreversible, "no down can bring back the rows of " + Name(table));
      }
      break;
    default:
      break;
  }
  if (IsLockHeavy(e, facts, dialect)) {
    const sql::QualifiedName& on = e.lock_on.empty() ? e.table : e.lock_on;
    std::string what = e.rewrites ? "rewrites" : "scans";
    std::string held = dialect == Dialect::kSqlite ? std::string("the database write lock")
                                                   : std::string(sql::LockLevelName(e.lock));
    std::string text = held + " on " + Name(on) + " while it " + what + " the table";
    note(kLockHeavy, text);
    if (lock && lock->empty()) *lock = text;
  }
  return c;
}

StatementClass ClassifyStatement(const sql::Statement& s, const Facts& facts, Dialect dialect) {
  StatementClass out;
  out.line = s.line;
  out.text = FirstLine(s.text);
  for (const auto& e : s.effects) out.classes |= ClassifyEffect(e, facts, dialect, &out.notes, &out.lock);
  return out;
}

MigrationClass ClassifyUnit(const Unit& unit) {
  MigrationClass m;
  m.id = unit.id;
  Facts facts = FactsOf(unit.up.statements);
  for (const auto& s : unit.up.statements) {
    m.statements.push_back(ClassifyStatement(s, facts, unit.dialect));
    m.classes |= m.statements.back().classes;
  }
  if (unit.up.directives.irreversible) m.classes |= kIrreversible;
  return m;
}

}  // namespace wayback::lint
