// wayback verify: copies the target, brings the copy to the state just before
// the range, then runs every migration of the range through its round trip.
// The target is only read, until the verdicts are stored at the end.
#include <chrono>
#include <filesystem>

#include "backend/scratch.h"
#include "migrate/state_store.h"
#include "util/strings.h"
#include "verify/round_trip.h"
#include "verify/verdict_store.h"
#include "wayback/verify.h"

namespace wayback {
namespace {

struct Range {
  std::string from, to;  // empty: open
  bool Contains(const std::string& v) const {
    return (from.empty() || util::CompareVersions(v, from) >= 0) && (to.empty() || util::CompareVersions(v, to) <= 0);
  }
};

Result<Range> ParseRange(const std::string& text) {
  Range r;
  if (text.empty()) return r;
  size_t dots = text.find("..");
  if (dots == std::string::npos) {
    r.from = r.to = text;
  } else {
    r.from = text.substr(0, dots);
    r.to = text.substr(dots + 2);
  }
  for (const auto* v : {&r.from, &r.to}) {
    if (v->find_first_not_of("0123456789") != std::string::npos) {
      return Fail(ErrorKind::kBadInput, "--range " + text + ": expected A..B with versions made of digits",
                  "for example --range 0003..0007, --range 0003.. or --range 0005");
    }
  }
  return r;
}

Error Interrupted() {
  return Error(ErrorKind::kConflict, "verify interrupted").with_hint("the scratch copy was dropped; nothing was stored");
}

// Takes the copy back to the state just before `first`: applied migrations at
// or above it are rolled back with their stored down (newest first), pending
// ones below it are applied.
Status Prepare(backend::Connection& c, const std::vector<Migration>& code, const std::string& first,
               VerifyObserver& observer) {
  migrate::StateStore state(c);
  WB_ASSIGN(std::vector<AppliedMigration> applied, state.List());
  std::vector<std::string> applied_versions;
  for (auto it = applied.rbegin(); it != applied.rend(); ++it) {
    applied_versions.push_back(it->version);
    if (util::CompareVersions(it->version, first) < 0) continue;
    if (!it->DownStored()) {
      return Fail(ErrorKind::kFindings,
                  "cannot take the copy back before " + first + ": " + it->Id() + " is applied and has no way back",
                  "verify a range that starts after " + it->version + " (--range " + it->version + "..)");
    }
    observer.OnNote("rolling back " + it->Id() + " on the copy (stored down) to start before " + first);
    WB_TRY(verify::RunScript(c, *it->down_sql, true, "rolling back " + it->Id() + " on the copy"));
  }
  for (const auto& m : code) {
    if (util::CompareVersions(m.version, first) >= 0) break;
    bool is_applied = false;
    for (const auto& v : applied_versions) is_applied = is_applied || util::CompareVersions(v, m.version) == 0;
    if (is_applied) continue;
    WB_TRY(verify::RunScript(c, m.up.text, !m.up.directives.no_transaction, "applying " + m.Id() + " on the copy"));
  }
  return {};
}

}  // namespace

Result<VerifyReport> Verify(const Target& target, const VerifyOptions& options, VerifyObserver& observer) {
  if (options.seed_rows < 0) return Fail(ErrorKind::kBadInput, "--seed-rows must be 0 or more");
  WB_ASSIGN(Range range, ParseRange(options.range));
  WB_ASSIGN(std::vector<Migration> code, LoadMigrations(target.migrations_dir, target.url.dialect));
  std::vector<const Migration*> todo;
  for (const auto& m : code) {
    if (range.Contains(m.version)) todo.push_back(&m);
  }
  VerifyReport report;
  report.target = target.name;
  if (todo.empty()) {
    report.notes.push_back(options.range.empty() ? "no migrations to verify"
                                                 : "no migration in the range " + options.range);
    return report;
  }
  DatabaseUrl source = target.url;
  if (options.source) {
    WB_ASSIGN(source, ParseDatabaseUrl(*options.source, std::filesystem::current_path()));
    if (source.dialect != target.url.dialect) {
      return Fail(ErrorKind::kBadInput, "--source is a " + std::string(DialectName(source.dialect)) +
                                            " database but the target is " + DialectName(target.url.dialect));
    }
  }
  {
    backend::InterruptScope interrupts;
    WB_ASSIGN(auto scratch, backend::CreateScratch(source));
    report.scratch = scratch->Describe();
    backend::Connection& c = scratch->conn();
    observer.OnStart(static_cast<int>(todo.size()), report.scratch);
    WB_TRY(Prepare(c, code, todo.front()->version, observer));
    verify::RoundTrip trip(c, options.seed_rows);
    int index = 0;
    for (const Migration* m : todo) {
      if (backend::InterruptScope::Interrupted()) return Fail(Interrupted());
      observer.OnMigration(m->Id(), ++index, static_cast<int>(todo.size()));
      WB_ASSIGN(MigrationVerdict v, MapError(trip.Verify(*m), [&](Error e) { return e.context("verifying " + m->Id()); }));
      if (backend::InterruptScope::Interrupted()) return Fail(Interrupted());
      observer.OnVerdict(v);
      report.results.push_back(std::move(v));
    }
  }  // the copy is dropped here, before the target is touched
  if (options.store) {
    WB_ASSIGN(auto conn, backend::Connect(target.url));
    WB_ASSIGN(auto lock, conn->LockDeployments([&](const std::string& m) { observer.OnNote(m); },
                                               std::chrono::milliseconds(target.policy.lock_wait_ms)));
    migrate::StateStore state(*conn);
    WB_TRY(state.Ensure());
    WB_TRY(MapError(verify::StoreVerdicts(*conn, report.results),
                    [](Error e) { return e.context("storing the verdicts in the target"); }));
  }
  return report;
}

Result<std::vector<StoredVerdict>> LoadVerdicts(const Target& target) {
  WB_ASSIGN(auto conn, backend::Connect(target.url));
  return verify::ReadVerdicts(*conn);
}

}  // namespace wayback
