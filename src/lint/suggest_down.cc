#include "lint/suggest_down.h"

#include "util/strings.h"

namespace wayback::lint {
namespace {

using sql::Action;
using sql::Effect;
using sql::ObjectKind;

std::string Quote(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string Q(const sql::QualifiedName& q) { return q.schema.empty() ? Quote(q.name) : Quote(q.schema) + "." + Quote(q.name); }

const char* DropKeyword(ObjectKind k) {
  switch (k) {
    case ObjectKind::kTable: return "TABLE";
    case ObjectKind::kView: return "VIEW";
    case ObjectKind::kMaterializedView: return "MATERIALIZED VIEW";
    case ObjectKind::kSequence: return "SEQUENCE";
    case ObjectKind::kFunction: return "FUNCTION";
    case ObjectKind::kType: return "TYPE";
    case ObjectKind::kDomain: return "DOMAIN";
    case ObjectKind::kExtension: return "EXTENSION";
    case ObjectKind::kSchema: return "SCHEMA";
    case ObjectKind::kTablespace: return "TABLESPACE";
    case ObjectKind::kRole: return "ROLE";
    default: return nullptr;
  }
}

// The inverse of one effect, or "" when wayback cannot write it.
std::string Inverse(const Effect& e, const Facts& facts, Dialect dialect) {
  bool pg = dialect == Dialect::kPostgres;
  switch (e.action) {
    case Action::kCreate:
      if (e.or_replace) return "";
      if (e.kind == ObjectKind::kTrigger) {
        return "DROP TRIGGER " + Quote(e.object.name) + (pg ? " ON " + Q(e.table) : "");
      }
      if (e.kind == ObjectKind::kDatabase) return "DROP DATABASE " + Quote(e.object.name) + " WITH (FORCE)";
      if (e.kind == ObjectKind::kPolicy) return "DROP POLICY " + Quote(e.object.name) + " ON " + Q(e.table);
      if (const char* kw = DropKeyword(e.kind); kw && !e.object.empty()) {
        return std::string("DROP ") + kw + " " + Q(e.object);
      }
      return "";
    case Action::kCreateIndex:
      if (e.object.empty()) return "";
      return std::string("DROP INDEX ") + (pg && e.concurrent ? "CONCURRENTLY " : "") + Q(e.object);
    case Action::kAddColumn:
      if (facts.TableIsNew(e.table)) return "";  // dropped with its table
      return "ALTER TABLE " + Q(e.table) + " DROP COLUMN " + Quote(e.column);
    case Action::kAddConstraint:
      if (e.object.empty() || facts.TableIsNew(e.table) || !pg) return "";
      return "ALTER TABLE " + Q(e.table) + " DROP CONSTRAINT " + Quote(e.object.name);
    case Action::kRename:
      if (e.kind == ObjectKind::kColumn) {
        return "ALTER TABLE " + Q(e.table) + " RENAME COLUMN " + Quote(e.new_name) + " TO " + Quote(e.column);
      }
      if (e.kind == ObjectKind::kTable) {
        return "ALTER TABLE " + Q({e.object.schema, e.new_name}) + " RENAME TO " + Quote(e.object.name);
      }
      if (e.kind == ObjectKind::kIndex && pg) {
        return "ALTER INDEX " + Q({e.object.schema, e.new_name}) + " RENAME TO " + Quote(e.object.name);
      }
      return "";
    case Action::kSetNotNull:
      return pg ? "ALTER TABLE " + Q(e.table) + " ALTER COLUMN " + Quote(e.column) + " DROP NOT NULL" : "";
    case Action::kSetDefault:
      return pg && facts.ColumnIsNew(e.table, e.column) ? "" : "";  // the previous default is not known
    case Action::kValidateConstraint:
    case Action::kComment:
    case Action::kSelect:
    case Action::kSession:
      return "-";  // nothing to undo
    default:
      return "";
  }
}

}  // namespace

SuggestedDown SuggestDown(const Unit& unit) {
  SuggestedDown out;
  out.migration = unit.id;
  out.up_file = unit.up.path;
  Facts facts = FactsOf(unit.up.statements);
  std::vector<std::string> lines;
  for (const auto& s : unit.up.statements) {
    std::vector<std::string> inverses;
    bool ok = true;
    for (const auto& e : s.effects) {
      // Objects inside a table created here go with the table.
      if ((e.action == Action::kCreate && e.kind != ObjectKind::kTable && !e.table.empty() &&
           facts.TableIsNew(e.table) && e.kind == ObjectKind::kTrigger) ||
          (e.action == Action::kCreateIndex && facts.TableIsNew(e.table)) ||
          (e.action == Action::kAddConstraint && facts.TableIsNew(e.table))) {
        continue;
      }
      std::string inv = Inverse(e, facts, unit.dialect);
      if (inv.empty() && !(e.action == Action::kAddColumn && facts.TableIsNew(e.table))) ok = false;
      if (!inv.empty() && inv != "-") inverses.push_back(inv + ";");
    }
    std::string block;
    for (auto it = inverses.rbegin(); it != inverses.rend(); ++it) block += *it + "\n";
    if (!ok) {
      out.complete = false;
      std::string first = s.text.substr(0, s.text.find('\n'));
      block += "-- no automatic inverse for line " + std::to_string(s.line) + ": " + first + "\n";
    }
    lines.push_back(block);
  }
  out.sql = "-- Suggested down for " + unit.id + " (review before use)\n";
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) out.sql += *it;
  return out;
}

}  // namespace wayback::lint
