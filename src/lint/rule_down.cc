// The way back itself: is there a down, is it real, does it undo the up, and
// does it lose data on its way.
#include <set>

#include "lint/classify.h"
#include "lint/rules.h"
#include "util/strings.h"

namespace wayback::lint {
namespace {

using sql::Action;
using sql::Effect;
using sql::ObjectKind;

// What a down does, by name, for checking obligations against it.
struct DownIndex {
  std::set<std::string> dropped_tables, dropped_columns, dropped_objects, dropped_constraints;
  std::set<std::string> created_tables, added_columns, created_objects, added_constraints;
  std::set<std::string> renames;  // "kind:table:old>new"
  std::set<std::string> type_changes, set_not_null, drop_not_null;  // "table.column"
};

std::string Kind(ObjectKind k) { return sql::ObjectKindName(k); }

DownIndex IndexDown(const ScriptFile& down) {
  DownIndex d;
  for (const auto& s : down.statements) {
    for (const auto& e : s.effects) {
      const std::string& t = e.table.name;
      switch (e.action) {
        case Action::kDrop:
          if (e.kind == ObjectKind::kColumn) d.dropped_columns.insert(t + "." + e.column);
          else if (e.kind == ObjectKind::kTable || e.kind == ObjectKind::kMaterializedView) d.dropped_tables.insert(e.object.name);
          d.dropped_objects.insert(Kind(e.kind) + ":" + e.object.name);
          break;
        case Action::kDropIndex: d.dropped_objects.insert("index:" + e.object.name); break;
        case Action::kDropConstraint: d.dropped_constraints.insert(e.object.name); break;
        case Action::kCreate:
          if (e.kind == ObjectKind::kTable || e.kind == ObjectKind::kMaterializedView) d.created_tables.insert(e.object.name);
          d.created_objects.insert(Kind(e.kind) + ":" + e.object.name);
          break;
        case Action::kCreateIndex: d.created_objects.insert("index:" + e.object.name); break;
        case Action::kAddColumn: d.added_columns.insert(t + "." + e.column); break;
        case Action::kAddConstraint: d.added_constraints.insert(e.object.name); break;
        case Action::kRename:
          d.renames.insert(Kind(e.kind) + ":" + (e.kind == ObjectKind::kColumn ? t : "") + ":" +
                           (e.kind == ObjectKind::kColumn ? e.column : e.object.name) + ">" + e.new_name);
          if (e.kind == ObjectKind::kTable) d.created_tables.insert(e.new_name);  // a rebuild's rename
          break;
        case Action::kTypeChange: d.type_changes.insert(t + "." + e.column); break;
        case Action::kSetNotNull: d.set_not_null.insert(t + "." + e.column); break;
        case Action::kDropNotNull: d.drop_not_null.insert(t + "." + e.column); break;
        default: break;
      }
    }
  }
  return d;
}

// The obligation one up effect puts on the down; empty when the down meets it.
std::string Unmet(const Effect& e, const Facts& facts, const DownIndex& d) {
  const std::string& t = e.table.name;
  std::string col = t + "." + e.column;
  bool table_gone = d.dropped_tables.count(t) > 0;
  switch (e.action) {
    case Action::kCreate:
      if (e.kind == ObjectKind::kTable || e.kind == ObjectKind::kMaterializedView) {
        if (facts.rebuilt_tables.count(e.object.name)) return "";
        if (d.dropped_tables.count(e.object.name)) return "";
        return "the up creates " + Kind(e.kind) + " " + e.object.ToString() + "; the down does not drop it";
      }
      if (e.kind == ObjectKind::kNone || e.kind == ObjectKind::kOther || e.object.empty()) return "";
      if (d.dropped_objects.count(Kind(e.kind) + ":" + e.object.name)) return "";
      if (e.or_replace && d.created_objects.count(Kind(e.kind) + ":" + e.object.name)) return "";
      if (e.kind == ObjectKind::kTrigger && table_gone) return "";
      return "the up creates " + Kind(e.kind) + " " + e.object.ToString() + "; the down does not drop it";
    case Action::kCreateIndex:
      if (e.object.empty() || table_gone || d.dropped_objects.count("index:" + e.object.name)) return "";
      return "the up creates index " + e.object.ToString() + "; the down does not drop it";
    case Action::kAddColumn:
      if (facts.TableIsNew(e.table) || table_gone || d.dropped_columns.count(col)) return "";
      return "the up adds column " + col + "; the down does not drop it";
    case Action::kAddConstraint:
      if (e.object.empty() || facts.TableIsNew(e.table) || table_gone ||
          d.dropped_constraints.count(e.object.name) || d.dropped_columns.count(col)) {
        return "";
      }
      return "the up adds constraint " + e.object.name + " on " + t + "; the down does not drop it";
    case Action::kDrop:
      if (e.kind == ObjectKind::kColumn) {
        if (facts.ColumnIsNew(e.table, e.column) || d.added_columns.count(col) || d.created_tables.count(t)) return "";
        return "the up drops column " + col + "; the down does not add it back";
      }
      if (e.kind == ObjectKind::kTable || e.kind == ObjectKind::kMaterializedView) {
        if (facts.TableIsNew(e.object) || facts.rebuilt_tables.count(e.object.name) ||
            d.created_tables.count(e.object.name)) {
          return "";
        }
        return "the up drops " + Kind(e.kind) + " " + e.object.ToString() + "; the down does not recreate it";
      }
      if (e.kind == ObjectKind::kNone || e.kind == ObjectKind::kOther || e.kind == ObjectKind::kDatabase ||
          e.object.empty() || d.created_objects.count(Kind(e.kind) + ":" + e.object.name)) {
        return "";
      }
      return "the up drops " + Kind(e.kind) + " " + e.object.ToString() + "; the down does not recreate it";
    case Action::kDropIndex:
      if (d.created_objects.count("index:" + e.object.name)) return "";
      return "the up drops index " + e.object.ToString() + "; the down does not recreate it";
    case Action::kDropConstraint:
      if (facts.TableIsNew(e.table) || d.added_constraints.count(e.object.name)) return "";
      return "the up drops constraint " + e.object.name + " on " + t + "; the down does not add it back";
    case Action::kRename: {
      if (e.kind == ObjectKind::kColumn) {
        if (facts.ColumnIsNew(e.table, e.column)) return "";
        for (const auto& r : d.renames) {
          if (util::StartsWith(r, "column:") && r.ends_with(":" + e.new_name + ">" + e.column)) return "";
        }
        return "the up renames column " + col + " to " + e.new_name + "; the down does not rename it back";
      }
      if (e.kind == ObjectKind::kTable && facts.TableIsNew(e.object)) return "";
      if (e.kind == ObjectKind::kNone || e.kind == ObjectKind::kOther) return "";
      if (d.renames.count(Kind(e.kind) + "::" + e.new_name + ">" + e.object.name)) return "";
      return "the up renames " + Kind(e.kind) + " " + e.object.ToString() + " to " + e.new_name +
             "; the down does not rename it back";
    }
    case Action::kTypeChange:
      if (facts.ColumnIsNew(e.table, e.column) || table_gone || d.type_changes.count(col) ||
          d.dropped_columns.count(col)) {
        return "";
      }
      return "the up changes the type of " + col + " to " + e.type + "; the down does not change it back";
    case Action::kSetNotNull:
      if (facts.ColumnIsNew(e.table, e.column) || table_gone || d.drop_not_null.count(col) || d.dropped_columns.count(col)) return "";
      return "the up sets " + col + " NOT NULL; the down does not drop NOT NULL";
    case Action::kDropNotNull:
      if (facts.ColumnIsNew(e.table, e.column) || table_gone || d.set_not_null.count(col)) return "";
      return "the up drops NOT NULL on " + col + "; the down does not set it back";
    default:
      return "";
  }
}

}  // namespace

bool IsPlaceholder(const ScriptFile& down) {
  if (!down.parse_error.empty()) return false;
  for (const auto& s : down.statements) {
    for (const auto& e : s.effects) {
      if (e.action != Action::kSelect && e.action != Action::kSession && e.action != Action::kTransactionControl) {
        return false;
      }
    }
  }
  return true;
}

void CheckMissingDown(const LintContext& ctx, Reporter& report) {
  const Unit& u = ctx.unit;
  if (!u.is_migration || u.down || u.up.directives.irreversible) return;
  report.File(u.up, "no down migration: write " + u.id + ".down.sql that undoes this up (`wayback lint "
              "--suggest-down` drafts it for additive changes), or declare -- wayback:irreversible <reason>");
}

void CheckPlaceholderDown(const LintContext& ctx, Reporter& report) {
  const Unit& u = ctx.unit;
  if (!u.down || !IsPlaceholder(*u.down)) return;
  std::string lower = util::ToLower(u.down->text);
  std::string what = lower.find("todo") != std::string::npos || lower.find("fixme") != std::string::npos
                         ? "a TODO" : u.down->statements.empty() ? "empty or only comments" : "runs nothing that changes the schema";
  report.File(*u.down, "the down is a placeholder (" + what + "): write the statements that undo the up, "
              "or declare the up -- wayback:irreversible <reason>");
}

void CheckDownDoesNotUndo(const LintContext& ctx, Reporter& report) {
  const Unit& u = ctx.unit;
  if (!u.down || IsPlaceholder(*u.down) || !u.down->parse_error.empty() || !u.up.parse_error.empty()) return;
  DownIndex d = IndexDown(*u.down);
  std::set<std::string> seen;
  for (const auto& s : u.up.statements) {
    for (const auto& e : s.effects) {
      std::string why = Unmet(e, ctx.facts, d);
      if (why.empty() || !seen.insert(why).second) continue;
      report.At(u.up, s, why + ": add the inverse to " + u.down->path.filename().string());
    }
  }
}

void CheckLossyDown(const LintContext& ctx, Reporter& report) {
  const Unit& u = ctx.unit;
  if (!u.down) return;
  Facts down_facts = FactsOf(u.down->statements);
  for (const auto& s : u.down->statements) {
    for (const auto& e : s.effects) {
      const sql::QualifiedName& t = e.table.empty() ? e.object : e.table;
      bool up_made_table = ctx.facts.TableIsNew(t);
      std::string why;
      if (e.action == Action::kDrop && e.kind == ObjectKind::kTable && !up_made_table &&
          !down_facts.rebuilt_tables.count(e.object.name)) {
        why = "drops table " + t.ToString() + ", which the up did not create: its rows are lost";
      } else if (e.action == Action::kDrop && e.kind == ObjectKind::kColumn && !ctx.facts.ColumnIsNew(t, e.column)) {
        why = "drops column " + t.ToString() + "." + e.column + ", which the up did not add: its values are lost";
      } else if ((e.action == Action::kDelete || e.action == Action::kTruncate || e.action == Action::kUpdate) &&
                 !up_made_table) {
        why = std::string(sql::ActionName(e.action)) + " on " + t.ToString() +
              " destroys rows or values the up did not write";
      } else if (e.action == Action::kTypeChange && !ctx.facts.ColumnIsNew(t, e.column)) {
        why = "changes " + t.ToString() + "." + e.column + " back to " + e.type +
              ": values written since the up may not convert, and the conversion may lose precision";
      }
      if (!why.empty()) {
        report.At(*u.down, s, why + "; archive what it destroys first, or make the up additive (expand/contract)");
      }
    }
  }
}

}  // namespace wayback::lint
