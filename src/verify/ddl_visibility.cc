#include "verify/ddl_visibility.h"

#include "sql/postgres_model.h"

namespace wayback::verify {
namespace {

// A system catalog, named or found first on the search_path (pg_catalog is
// searched before the schemas it lists).
bool IsCatalog(const sql::QualifiedName& table) {
  if (!table.schema.empty()) return table.schema == "pg_catalog" || table.schema == "information_schema";
  return table.name.starts_with("pg_");
}

bool Seen(const sql::Effect& e) {
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

}  // namespace

bool EventTriggersSeeAll(std::string_view script) {
  auto statements = sql::ModelPostgres(script);
  if (!statements) return false;
  for (const auto& s : *statements) {
    for (const auto& e : s.effects) {
      if (!Seen(e)) return false;
    }
  }
  return true;
}

}  // namespace wayback::verify
