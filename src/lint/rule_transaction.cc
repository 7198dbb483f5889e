// wayback runs every migration in one transaction unless it says
// -- wayback:no-transaction; these rules keep the two worlds apart.
#include "lint/rules.h"

namespace wayback::lint {

namespace {

template <class F>
void EachScript(const Unit& u, F&& f) {
  f(u.up);
  if (u.down) f(*u.down);
}

}  // namespace

void CheckNonTransactional(const LintContext& ctx, Reporter& report) {
  EachScript(ctx.unit, [&](const ScriptFile& file) {
    if (file.directives.no_transaction) return;
    for (const auto& s : file.statements) {
      for (const auto& e : s.effects) {
        if (e.transactional) continue;
        report.At(file, s, "this statement cannot run inside a transaction block, and wayback runs this file in "
                  "one: move it to its own migration that starts with -- wayback:no-transaction");
        break;
      }
    }
  });
}

void CheckTransactionControl(const LintContext& ctx, Reporter& report) {
  EachScript(ctx.unit, [&](const ScriptFile& file) {
    if (file.directives.no_transaction) return;
    for (const auto& s : file.statements) {
      for (const auto& e : s.effects) {
        if (e.action != sql::Action::kTransactionControl) continue;
        report.At(file, s, "wayback already runs each migration in one transaction; remove this statement, or "
                  "manage transactions yourself under -- wayback:no-transaction");
        break;
      }
    }
  });
}

}  // namespace wayback::lint
