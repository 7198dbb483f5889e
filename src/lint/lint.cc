// The lint driver: load, model, run every rule, apply suppressions, classify.
#include <algorithm>

#include "lint/classify.h"
#include "lint/format.h"
#include "lint/load.h"
#include "lint/rules.h"
#include "lint/suggest_down.h"

namespace wayback {
namespace {

using lint::ScriptFile;
using lint::Unit;

// True when an allow in `file` covers `f`: an allow above the first statement
// covers the whole file; one further down covers the statement right after it.
bool Allowed(const ScriptFile& file, const Finding& f) {
  int first_line = file.statements.empty() ? 1 << 30 : file.statements.front().line;
  for (const auto& a : file.directives.allows) {
    if (a.rule != f.rule) continue;
    if (a.line < first_line) return true;
    // The statement the allow precedes: the first one starting at or after it.
    auto next = std::find_if(file.statements.begin(), file.statements.end(),
                             [&](const sql::Statement& s) { return s.line >= a.line; });
    if (next != file.statements.end() && next->line == f.line) return true;
  }
  return false;
}

bool Suppressed(const Unit& u, const Finding& f, const LintOptions& options) {
  if (std::find(options.disabled_rules.begin(), options.disabled_rules.end(), f.rule) != options.disabled_rules.end()) {
    return true;
  }
  if (f.file == u.up.path) return Allowed(u.up, f);
  if (u.down && f.file == u.down->path) return Allowed(*u.down, f);
  return false;
}

void LintUnit(const Unit& u, const LintOptions& options, LintReport& report) {
  lint::Facts facts = lint::FactsOf(u.up.statements);
  lint::LintContext ctx{u, facts, options};
  std::vector<Finding> found;
  for (const auto& rule : lint::Rules()) {
    std::string id = rule.id;
    lint::Reporter reporter(u, id, rule.severity, found);
    rule.check(ctx, reporter);
  }
  for (auto& f : found) {
    if (Suppressed(u, f, options)) {
      ++report.suppressed;
    } else {
      report.findings.push_back(std::move(f));
    }
  }
  // An allow naming no rule is a typo that silently allows nothing.
  for (const ScriptFile* file : {&u.up, u.down ? &*u.down : nullptr}) {
    if (!file) continue;
    for (const auto& a : file->directives.allows) {
      bool known = a.rule == "timeouts";
      for (const auto& r : lint::Rules()) known = known || a.rule == r.id;
      if (known) continue;
      report.findings.push_back({"invalid-directive", Severity::kError,
                                 "-- wayback:allow names unknown rule '" + a.rule + "' (see docs/rules/README.md)",
                                 file->path, a.line, 1, "", u.id});
    }
  }
  report.migrations.push_back(lint::ClassifyUnit(u));
  if (options.suggest_down && u.up.parse_error.empty()) report.suggested_downs.push_back(lint::SuggestDown(u));
  report.files += 1 + (u.down ? 1 : 0);
  report.statements += u.up.statements.size() + (u.down ? u.down->statements.size() : 0);
}

// wayback sets lock_timeout and statement_timeout for every migration; the
// squawk-style "require timeouts" check becomes a check that the config keeps them.
void CheckTimeouts(const LintOptions& options, LintReport& report) {
  if (std::find(options.disabled_rules.begin(), options.disabled_rules.end(), "timeouts") != options.disabled_rules.end()) {
    return;
  }
  std::string off;
  if (options.policy.lock_timeout_ms == 0) off += "lock_timeout";
  if (options.policy.statement_timeout_ms == 0) off += std::string(off.empty() ? "" : " and ") + "statement_timeout";
  if (off.empty()) return;
  report.findings.push_back({"timeouts", Severity::kWarning,
                             off + " disabled in [policy]: a migration waiting for a lock then blocks every query "
                             "queued behind it; set lock_timeout (e.g. \"5s\") and statement_timeout in wayback.toml",
                             "wayback.toml", 1, 1, "", ""});
}

}  // namespace

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "info";
}

std::string ChangeClassNames(ChangeClasses c) {
  static const std::pair<ChangeClass, const char*> order[] = {
      {kIrreversible, "irreversible"}, {kIncompatible, "incompatible"}, {kLossy, "lossy"},
      {kTransforming, "transforming"}, {kLockHeavy, "lock-heavy"},     {kReversible, "reversible"}};
  std::string out;
  for (auto [bit, name] : order) {
    if (!(c & bit)) continue;
    // "reversible" only when nothing undoes it.
    if (bit == kReversible && (c & (kIrreversible | kIncompatible | kLossy | kTransforming))) continue;
    out += (out.empty() ? "" : ", ") + std::string(name);
  }
  return out.empty() ? "reversible" : out;
}

std::string HeadlineClass(ChangeClasses c) {
  if (c & kIrreversible) return "irreversible";
  if (c & kIncompatible) return "incompatible";
  if (c & kLossy) return "lossy";
  if (c & kTransforming) return "transforming";
  return "reversible";
}

bool LintReport::HasErrors() const {
  return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::kError; });
}

const std::vector<RuleInfo>& LintRules() {
  static const std::vector<RuleInfo> rules = [] {
    std::vector<RuleInfo> out;
    for (const auto& r : lint::Rules()) out.push_back({r.id, r.severity, r.summary});
    out.push_back({"timeouts", Severity::kWarning, "lock_timeout or statement_timeout disabled in wayback.toml"});
    return out;
  }();
  return rules;
}

Result<LintReport> LintPaths(const std::vector<std::filesystem::path>& paths, const LintOptions& options) {
  WB_ASSIGN(auto units, lint::LoadUnits(paths, options.dialect));
  LintReport report;
  CheckTimeouts(options, report);
  for (const auto& u : units) LintUnit(u, options, report);
  std::stable_sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.line != b.line) return a.line < b.line;
    return a.rule < b.rule;
  });
  return report;
}

Result<MigrationClass> ClassifyMigration(const std::vector<Migration>& set, size_t index, Dialect dialect) {
  if (index >= set.size()) return Fail(ErrorKind::kInternal, "ClassifyMigration: index out of range");
  WB_ASSIGN(Unit u, lint::UnitOfMigration(set, index, dialect));
  if (!u.up.parse_error.empty()) {
    return Fail(ErrorKind::kBadInput, u.up.path.string() + ": " + u.up.parse_error);
  }
  return lint::ClassifyUnit(u);
}

Result<std::string> FormatLintReport(const LintReport& report, std::string_view format, bool color) {
  if (format == "text") return lint::FormatText(report, color);
  if (format == "json") return lint::FormatJson(report);
  if (format == "sarif") return lint::FormatSarif(report);
  if (format == "github") return lint::FormatGithub(report);
  return Fail(ErrorKind::kBadInput, "unknown lint format '" + std::string(format) + "'",
              "use --format text, json, sarif or github");
}

}  // namespace wayback
