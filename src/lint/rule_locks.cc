// Lock and rewrite rules (the PostgreSQL lock-safety rules squawk also has;
// docs/rules/README.md maps them). They apply to tables that exist before the
// migration: a table created in the same migration is empty and unused.
#include "lint/rules.h"

namespace wayback::lint {
namespace {

using sql::Action;
using sql::Effect;

// Calls f(statement, effect) for each effect of the up on a table that exists before it.
template <class F>
void OnExistingTables(const LintContext& ctx, F&& f) {
  if (ctx.unit.dialect != Dialect::kPostgres) return;
  for (const auto& s : ctx.unit.up.statements) {
    for (const auto& e : s.effects) {
      const sql::QualifiedName& t = e.table.empty() ? e.object : e.table;
      if (t.empty() || ctx.facts.TableIsNew(t)) continue;
      f(s, e);
    }
  }
}

}  // namespace

void CheckIndexNotConcurrent(const LintContext& ctx, Reporter& report) {
  OnExistingTables(ctx, [&](const sql::Statement& s, const Effect& e) {
    if (e.action != Action::kCreateIndex || e.concurrent) return;
    report.At(ctx.unit.up, s, "CREATE INDEX holds a SHARE lock on " + e.table.ToString() + " (no writes) while it "
              "builds: use CREATE INDEX CONCURRENTLY in a migration with -- wayback:no-transaction");
  });
}

void CheckDropIndexNotConcurrent(const LintContext& ctx, Reporter& report) {
  if (ctx.unit.dialect != Dialect::kPostgres) return;
  for (const auto& s : ctx.unit.up.statements) {
    for (const auto& e : s.effects) {
      if (e.action != Action::kDropIndex || e.concurrent) continue;
      report.At(ctx.unit.up, s, "DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table: use DROP INDEX "
                "CONCURRENTLY in a migration with -- wayback:no-transaction");
    }
  }
}

void CheckForeignKeyValidated(const LintContext& ctx, Reporter& report) {
  OnExistingTables(ctx, [&](const sql::Statement& s, const Effect& e) {
    if (e.action != Action::kAddConstraint || e.constraint_type != "foreign key" || e.not_valid) return;
    report.At(ctx.unit.up, s, "adding a foreign key checks every row of " + e.table.ToString() + " under SHARE ROW "
              "EXCLUSIVE on it and on " + e.references.ToString() + ": add it NOT VALID, then VALIDATE CONSTRAINT "
              "in a later migration");
  });
}

void CheckConstraintValidated(const LintContext& ctx, Reporter& report) {
  OnExistingTables(ctx, [&](const sql::Statement& s, const Effect& e) {
    if (e.action != Action::kAddConstraint || e.constraint_type != "check" || e.not_valid) return;
    report.At(ctx.unit.up, s, "adding a CHECK constraint scans " + e.table.ToString() + " under ACCESS EXCLUSIVE: "
              "add it NOT VALID, then VALIDATE CONSTRAINT (SHARE UPDATE EXCLUSIVE) in a later migration");
  });
}

void CheckSetNotNull(const LintContext& ctx, Reporter& report) {
  OnExistingTables(ctx, [&](const sql::Statement& s, const Effect& e) {
    if (e.action != Action::kSetNotNull || ctx.facts.ColumnIsNew(e.table, e.column)) return;
    report.At(ctx.unit.up, s, "SET NOT NULL scans " + e.table.ToString() + " under ACCESS EXCLUSIVE: add CHECK (" +
              e.column + " IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL (which then skips the scan)");
  });
}

void CheckAddRequiredColumn(const LintContext& ctx, Reporter& report) {
  OnExistingTables(ctx, [&](const sql::Statement& s, const Effect& e) {
    if (e.action != Action::kAddColumn || !e.not_null || e.has_default) return;
    report.At(ctx.unit.up, s, "a NOT NULL column without a default cannot be added to a table with rows, and "
              "running code does not write it: add it nullable (or with a DEFAULT), backfill, then SET NOT NULL");
  });
}

void CheckUniqueWithoutIndex(const LintContext& ctx, Reporter& report) {
  OnExistingTables(ctx, [&](const sql::Statement& s, const Effect& e) {
    if (e.action != Action::kAddConstraint || e.uses_index ||
        (e.constraint_type != "unique" && e.constraint_type != "primary key")) {
      return;
    }
    report.At(ctx.unit.up, s, "adding a " + e.constraint_type + " constraint builds its index under ACCESS "
              "EXCLUSIVE on " + e.table.ToString() + ": CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT "
              "… USING INDEX");
  });
}

void CheckTableRewrite(const LintContext& ctx, Reporter& report) {
  OnExistingTables(ctx, [&](const sql::Statement& s, const Effect& e) {
    if (!e.rewrites || e.lock != sql::LockLevel::kAccessExclusive) return;
    if (e.action == Action::kTypeChange && ctx.facts.ColumnIsNew(e.table, e.column)) return;
    std::string why = e.action == Action::kTypeChange ? "changing the type of " + e.column
                      : e.action == Action::kAddColumn ? "a default computed per row for " + e.column
                                                       : std::string("this statement");
    report.At(ctx.unit.up, s, why + " rewrites every row of " + (e.lock_on.empty() ? e.table : e.lock_on).ToString() +
              " under ACCESS EXCLUSIVE (no reads, no writes): add a new column and backfill it in batches instead");
  });
}

}  // namespace wayback::lint
