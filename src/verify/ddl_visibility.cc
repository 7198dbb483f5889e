#include "verify/ddl_visibility.h"

#include <algorithm>
#include <set>
#include <string>

#include "sql/postgres_model.h"

namespace wayback::verify {
namespace {

// A system catalog, named or found first on the search_path (pg_catalog is
// searched before the schemas it lists).
bool IsCatalog(const sql::QualifiedName& table) {
  if (!table.schema.empty()) return table.schema == "pg_catalog" || table.schema == "information_schema";
  return table.name.starts_with("pg_");
}

bool SeenByEventTriggers(const sql::Effect& e) {
  using sql::Action;
  switch (e.action) {
    case Action::kInsert:
    case Action::kUpdate:
    case Action::kDelete:
    case Action::kMerge:
    case Action::kTruncate:
      return !IsCatalog(e.object);
    case Action::kSelect:       // may call a function that does anything
    case Action::kMaintenance:  // CLUSTER marks an index, REINDEX may leave one invalid: no event
    case Action::kOther:        // DO, CALL
    case Action::kOpaque:
      return false;
    default:  // DDL, COMMENT, GRANT/REVOKE, SET, transaction control
      return true;
  }
}

// A type of pg_catalog, as the statement model spells it ("varchar(20)[]" is
// varchar). Anything else may be a domain, whose default and CHECK run for
// every existing row when a column of it is added.
bool BuiltinType(std::string type) {
  if (size_t cut = type.find_first_of("(["); cut != std::string::npos) type.resize(cut);
  static const std::set<std::string> builtin = {
      "smallint", "integer", "bigint", "int", "int2", "int4", "int8", "real", "double precision", "float4",
      "float8", "float", "numeric", "decimal", "money", "boolean", "bool", "text", "varchar", "char", "bpchar",
      "character varying", "character", "name", "bytea", "uuid", "json", "jsonb", "xml", "date", "time",
      "timetz", "time with time zone", "time without time zone", "timestamp", "timestamptz",
      "timestamp with time zone", "timestamp without time zone", "interval", "inet", "cidr", "macaddr",
      "macaddr8", "bit", "varbit", "bit varying", "tsvector", "tsquery", "point", "line", "lseg", "box",
      "path", "polygon", "circle", "oid", "int4range", "int8range", "numrange", "tsrange", "tstzrange",
      "daterange", "smallserial", "serial", "bigserial", "serial2", "serial4", "serial8"};
  return builtin.count(type) > 0;
}

// DDL whose only effect on rows is on the tables it changes. A default that is
// not volatile is computed once, and a function that is not volatile may not
// write; CREATE INDEX may only use immutable functions. A CHECK (added or
// validated), ALTER COLUMN … TYPE … USING, CREATE TABLE AS and a volatile
// default run expressions per row, which may call a function that writes.
bool WritesNoRows(const sql::Effect& e) {
  using sql::Action;
  // An extension's script is SQL of its own; a domain's new CHECK is checked
  // against every value of the domain; kOther/kOpaque kinds are unknown.
  if (e.kind == sql::ObjectKind::kExtension || e.kind == sql::ObjectKind::kOther ||
      (e.kind == sql::ObjectKind::kDomain && e.action == Action::kAlter)) {
    return e.action == Action::kDrop || e.action == Action::kComment || e.action == Action::kPrivilege;
  }
  switch (e.action) {
    case Action::kCreate:
      return !e.reads_other_tables;
    case Action::kAddColumn:
      return !e.volatile_default && BuiltinType(e.type);
    case Action::kAddConstraint:
      return e.constraint_type != "check" || e.not_valid;
    case Action::kAlter:
    case Action::kDrop:
    case Action::kRename:
    case Action::kSetNotNull:
    case Action::kDropNotNull:
    case Action::kSetDefault:
    case Action::kDropDefault:
    case Action::kDropConstraint:
    case Action::kCreateIndex:
    case Action::kDropIndex:
    case Action::kTransactionControl:
    case Action::kSession:
    case Action::kPrivilege:
    case Action::kComment:
      return true;
    default:  // row writes, SELECT, maintenance (REFRESH), type changes, validation, DO, CALL, opaque
      return false;
  }
}

}  // namespace

ScriptTraits ClassifyScript(std::string_view script) {
  ScriptTraits traits;
  auto statements = sql::ModelPostgres(script);
  if (!statements) return traits;
  traits.event_triggers_see_all = true;
  traits.writes_rows = false;
  auto is = [](const sql::Statement& s, sql::Action action) {
    return std::any_of(s.effects.begin(), s.effects.end(), [&](const sql::Effect& e) { return e.action == action; });
  };
  for (const auto& s : *statements) {
    if (is(s, sql::Action::kTransactionControl)) continue;
    traits.leads_with_setting = is(s, sql::Action::kSession);
    break;
  }
  for (const auto& s : *statements) {
    for (const auto& e : s.effects) {
      traits.event_triggers_see_all = traits.event_triggers_see_all && SeenByEventTriggers(e);
      traits.writes_rows = traits.writes_rows || !WritesNoRows(e);
      // An event trigger is the one trigger that belongs to no table; an
      // extension's script may create one.
      bool changes = e.action == sql::Action::kCreate || e.action == sql::Action::kAlter;
      if (changes && ((e.kind == sql::ObjectKind::kTrigger && e.table.empty()) ||
                      e.kind == sql::ObjectKind::kExtension)) {
        traits.touches_event_triggers = true;
      }
    }
  }
  return traits;
}

}  // namespace wayback::verify
