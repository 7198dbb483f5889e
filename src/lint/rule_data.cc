// Data changes in migrations (essay 002: keep schema and data changes apart)
// and the forced semantics essay 000 asks for.
#include "lint/rules.h"

namespace wayback::lint {

using sql::Action;

void CheckDmlWithoutWhere(const LintContext& ctx, Reporter& report) {
  auto check = [&](const ScriptFile& file) {
    for (const auto& s : file.statements) {
      for (const auto& e : s.effects) {
        if ((e.action != Action::kUpdate && e.action != Action::kDelete) || e.has_where) continue;
        if (ctx.facts.TableIsNew(e.table)) continue;
        std::string verb = e.action == Action::kUpdate ? "UPDATE" : "DELETE";
        report.At(file, s, verb + " of every row of " + e.table.ToString() + ": add a WHERE clause, or run it as a "
                  "tracked data job (`wayback run`) so that exactly the rows it wrote can be undone");
      }
    }
  };
  check(ctx.unit.up);
  if (ctx.unit.down) check(*ctx.unit.down);
}

void CheckDataWithDdl(const LintContext& ctx, Reporter& report) {
  const Unit& u = ctx.unit;
  for (const auto& s : u.up.statements) {
    for (const auto& e : s.effects) {
      bool dml = e.action == Action::kUpdate || e.action == Action::kDelete || e.action == Action::kMerge ||
                 (e.action == Action::kInsert && e.reads_other_tables);
      if (!dml || e.table.empty() || ctx.facts.TableIsNew(e.table) || !ctx.facts.ddl_tables.count(e.table.name)) continue;
      report.At(u.up, s, "changes the data of " + e.table.ToString() + " in the same migration that changes its "
                "schema: put the schema change in one migration and the data change in the next (or a tracked "
                "`wayback run`), so each has its own way back");
      break;
    }
  }
}

void CheckDropDatabaseWithoutForce(const LintContext& ctx, Reporter& report) {
  if (ctx.unit.dialect != Dialect::kPostgres) return;
  auto check = [&](const ScriptFile& file) {
    for (const auto& s : file.statements) {
      for (const auto& e : s.effects) {
        if (e.action != Action::kDrop || e.kind != sql::ObjectKind::kDatabase || e.force) continue;
        report.At(file, s, "DROP DATABASE fails while anyone is connected, and terminating sessions first leaves "
                  "a race: write DROP DATABASE … WITH (FORCE) (PostgreSQL 13+)");
      }
    }
  };
  check(ctx.unit.up);
  if (ctx.unit.down) check(*ctx.unit.down);
}

}  // namespace wayback::lint
