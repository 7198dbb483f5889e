// Rules about the files themselves: the way-back block, directives, syntax,
// and statements the model does not understand.
#include "lint/rules.h"

namespace wayback::lint {

void CheckMissingWayBack(const LintContext& ctx, Reporter& report) {
  const Unit& u = ctx.unit;
  if (!u.is_migration) return;
  if (!u.way_back.present) {
    report.File(u.up, "no \"The way back\" block: start the file with `-- The way back` and the lines "
                "`--   writes: …`, `--   reverse: …`, `--   window: …` (where it writes, how one wrong write is "
                "reversed, how long we have)");
    return;
  }
  std::string missing;
  if (u.way_back.writes.empty()) missing += " writes";
  if (u.way_back.reverse.empty()) missing += " reverse";
  if (u.way_back.window.empty()) missing += " window";
  if (!missing.empty()) report.File(u.up, "the way-back block does not answer:" + missing + "; fill it in");
}

void CheckNotUnderstood(const LintContext& ctx, Reporter& report) {
  auto check = [&](const ScriptFile& file) {
    for (const auto& s : file.statements) {
      for (const auto& e : s.effects) {
        if (e.action != sql::Action::kOpaque) continue;
        report.At(file, s, "not understood (" + e.detail + "): wayback cannot say what this statement does or how "
                  "to reverse it; review it by hand");
      }
    }
  };
  check(ctx.unit.up);
  if (ctx.unit.down) check(*ctx.unit.down);
}

void CheckSyntaxError(const LintContext& ctx, Reporter& report) {
  auto check = [&](const ScriptFile& file) {
    if (file.parse_error.empty()) return;
    sql::Statement at;
    at.line = file.error_line;
    report.At(file, at, file.parse_error);
  };
  check(ctx.unit.up);
  if (ctx.unit.down) check(*ctx.unit.down);
}

void CheckInvalidDirective(const LintContext& ctx, Reporter& report) {
  auto check = [&](const ScriptFile& file) {
    if (!file.directive_error.empty()) report.File(file, file.directive_error);
  };
  check(ctx.unit.up);
  if (ctx.unit.down) check(*ctx.unit.down);
}

}  // namespace wayback::lint
