// One-way doors and changes the running code cannot survive (essay 001).
#include "lint/classify.h"
#include "lint/rules.h"

namespace wayback::lint {

using sql::Action;
using sql::ObjectKind;

void CheckIrreversibleWithoutDirective(const LintContext& ctx, Reporter& report) {
  const Unit& u = ctx.unit;
  if (u.up.directives.irreversible) return;
  for (const auto& s : u.up.statements) {
    for (const auto& e : s.effects) {
      std::vector<std::string> notes;
      if (!(ClassifyEffect(e, ctx.facts, u.dialect, &notes, nullptr) & kIrreversible)) continue;
      std::string what = notes.empty() ? "this destroys data" : notes.front();
      report.At(u.up, s, what + ": if this is a one-way door, say so with -- wayback:irreversible <reason> "
                "(a high-water mark for rollback); otherwise keep the data (rename it aside, archive it) and "
                "drop it in a later, declared migration");
    }
  }
}

void CheckIncompatibleChange(const LintContext& ctx, Reporter& report) {
  const Unit& u = ctx.unit;
  for (const auto& s : u.up.statements) {
    for (const auto& e : s.effects) {
      if (!(ClassifyEffect(e, ctx.facts, u.dialect, nullptr, nullptr) & kIncompatible)) continue;
      std::string name = (e.table.empty() ? e.object : e.table).ToString();
      std::string msg;
      if (e.action == Action::kTypeChange) {
        msg = "changes the type of " + name + "." + e.column + ", which the running code reads and writes: add a "
              "new column of type " + e.type + ", backfill it, switch the code, then drop the old one (expand/contract)";
      } else if (e.action == Action::kRename) {
        std::string what = e.kind == ObjectKind::kColumn ? "column " + name + "." + e.column : "table " + name;
        msg = "renames " + what + " to " + e.new_name + " while the running code uses the old name: add the new "
              "one, write to both, backfill, switch reads, then drop the old one (expand/contract)";
      } else if (e.kind == ObjectKind::kColumn) {
        msg = "drops column " + name + "." + e.column + ", which the running code may still use: deploy code that "
              "no longer uses it first, then drop it in a later migration";
      } else {
        msg = "drops table " + name + ", which the running code may still use: deploy code that no longer uses it "
              "first, then drop it in a later migration";
      }
      report.At(u.up, s, msg);
    }
  }
}

}  // namespace wayback::lint
