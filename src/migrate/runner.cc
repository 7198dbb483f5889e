// up and down: the deployment algorithm, written once for every engine.
//
// Both take the deploy lock, create the state if needed, then re-read the
// state under the lock, so what they decide is based on what is really
// applied. Each migration runs through ExecuteScript: one transaction with its
// state change, or statement by statement when declared no-transaction.
#include <algorithm>
#include <map>

#include "migrate/journaled_script.h"
#include "migrate/script_executor.h"
#include "migrate/target_session.h"
#include "util/clock.h"
#include "util/strings.h"
#include "verify/verdict_store.h"
#include "wayback/deploy.h"

namespace wayback {
namespace {

using migrate::ScriptRun;
using migrate::TargetSession;

Event MakeEvent(const std::string& kind, const std::string& version, const std::string& name, int64_t ms) {
  Event e;
  e.at = util::NowIso8601();
  e.kind = kind;
  e.version = version;
  e.name = name;
  e.actor = util::CurrentActor();
  e.duration_ms = ms;
  return e;
}

Result<std::unique_ptr<backend::DeployLock>> Lock(TargetSession& s, DeployObserver& observer) {
  return s.conn->LockDeployments([&](const std::string& m) { observer.OnWaiting(m); },
                                 std::chrono::milliseconds(s.target->policy.lock_wait_ms));
}

// "wayback down --to V" where V is the highest applied version below every
// migration the code does not know.
std::string WayBackFromAhead(const std::vector<AppliedMigration>& applied,
                             const std::vector<const AppliedMigration*>& ahead) {
  std::string lowest_ahead = ahead.front()->version;
  for (const auto* a : ahead) {
    if (util::CompareVersions(a->version, lowest_ahead) < 0) lowest_ahead = a->version;
  }
  std::string to = "0";
  for (const auto& a : applied) {
    if (util::CompareVersions(a.version, lowest_ahead) < 0) to = a.version;
  }
  return to;
}

Status RefuseEditedOrAhead(const TargetSession& s, const migrate::Comparison& c,
                           const std::vector<AppliedMigration>& applied, const UpOptions& options,
                           DeployReport& report) {
  if (!c.edited.empty()) {
    std::vector<std::string> ids;
    for (auto [m, a] : c.edited) ids.push_back(m->up.path.filename().string());
    return Fail(ErrorKind::kBadInput,
                "applied migrations were edited since they were applied: " + util::Join(ids, ", "),
                "restore the applied version of the file (see `wayback status`), and put new changes in a "
                "new migration");
  }
  if (c.ahead.empty()) return {};
  std::vector<std::string> ids;
  for (const auto* a : c.ahead) {
    ids.push_back(a->Id() + (a->DownStored() ? " (down stored)" : " (no down stored)"));
  }
  std::string list = util::Join(ids, ", ");
  if (options.allow_ahead) {
    report.notes.push_back("the database is ahead of the code (allowed by --allow-ahead): " + list);
    return {};
  }
  return Fail(ErrorKind::kFindings,
              "the database " + s.conn->Describe() + " is ahead of the code: applied migrations unknown here: " +
                  list,
              "if the code was reverted on purpose, the way back is `wayback down --to " +
                  WayBackFromAhead(applied, c.ahead) +
                  "` (it runs the stored down SQL); if old and new code run side by side, use "
                  "`wayback up --allow-ahead`");
}

}  // namespace

Result<DeployReport> Up(const Target& target, const UpOptions& options, DeployObserver& observer) {
  WB_ASSIGN(TargetSession s, migrate::OpenTarget(target));
  DeployReport report;
  report.target = target.name;
  report.dry_run = options.dry_run;
  if (options.to) {
    bool known = std::any_of(s.migrations.begin(), s.migrations.end(), [&](const Migration& m) {
      return util::CompareVersions(m.version, *options.to) == 0;
    });
    if (!known) return Fail(ErrorKind::kBadInput, "--to " + *options.to + ": no migration has that version");
  }
  std::unique_ptr<backend::DeployLock> lock;
  if (!options.dry_run) {
    WB_ASSIGN(lock, Lock(s, observer));
    WB_TRY(s.state->Ensure());
  }
  WB_ASSIGN(std::vector<AppliedMigration> applied, s.state->List());
  migrate::Comparison c = migrate::Compare(s.migrations, applied);
  WB_TRY(RefuseEditedOrAhead(s, c, applied, options, report));

  std::vector<const Migration*> todo;
  for (const Migration* m : c.pending) {
    if (options.to && util::CompareVersions(m->version, *options.to) > 0) break;
    todo.push_back(m);
  }
  if (options.require_verified && !todo.empty()) {
    // Checked before anything is applied: one unproven migration stops them all.
    WB_ASSIGN(std::vector<StoredVerdict> verdicts, verify::ReadVerdicts(*s.conn));
    for (const Migration* m : todo) WB_TRY(CheckVerified(verdicts, *m, options.accept_loss));
  }
  std::string highest_applied = applied.empty() ? "" : applied.back().version;
  int index = 0;
  for (const Migration* m : todo) {
    ++index;
    if (!highest_applied.empty() && util::CompareVersions(m->version, highest_applied) < 0) {
      std::string note = m->Id() + " is older than the latest applied migration (" + highest_applied +
                         ") and is applied out of order";
      report.notes.push_back(note);
      observer.OnNote(note);
    }
    StepReport step{m->version, m->name, "up"};
    const std::vector<sql::ScriptStatement>& statements = m->up.statements;
    if (options.dry_run) {
      for (const auto& st : statements) step.statements.push_back(st.text);
      report.steps.push_back(std::move(step));
      continue;
    }
    observer.OnStep(m->Id(), "up", index, static_cast<int>(todo.size()));
    util::Stopwatch watch;
    ScriptRun run;
    run.id = m->Id();
    run.version = m->version;
    run.name = m->name;
    run.direction = "up";
    run.statements = statements;
    run.transactional = !m->up.directives.no_transaction;
    if (!lock->exclusive()) run.already_done = [&]() { return s.state->IsApplied(m->version); };
    auto applied_row = [&]() {
      AppliedMigration row;
      row.version = m->version;
      row.name = m->name;
      row.up_sql = m->up.text;
      row.up_checksum = m->up.checksum;
      if (m->down) {
        row.down_sql = m->down->text;
        row.down_checksum = m->down->checksum;
      }
      row.no_transaction = m->up.directives.no_transaction;
      row.irreversible_reason = m->up.directives.irreversible;
      row.applied_at = util::NowIso8601();
      row.applied_by = util::CurrentActor();
      row.duration_ms = watch.ElapsedMs();
      return row;
    };
    run.commit_success = [&](backend::Transaction& tx) -> Status {
      AppliedMigration row = applied_row();
      return s.state->CommitApplied(tx, row, MakeEvent("apply", m->version, m->name, row.duration_ms));
    };
    run.state_write = [&]() -> std::optional<migrate::StateWrite> {
      AppliedMigration row = applied_row();
      auto write = s.state->AppliedWrite(row, MakeEvent("apply", m->version, m->name, row.duration_ms));
      if (!write) return std::nullopt;
      return migrate::StateWrite{std::move(write->first), std::move(write->second)};
    };
    // Each migration is a journaled run (docs/journal.md, "Migrations").
    WB_ASSIGN(auto journal_run, migrate::JournalScript(*s.conn, run, m->Id()));
    auto executed = migrate::ExecuteScript(*s.conn, *s.state, target.policy, run,
                                           [&](const std::string& n) { observer.OnNote(n); });
    if (journal_run) {
      auto ended = journal_run->End(executed.has_value());
      if (executed && !ended) return Fail(std::move(ended).error());
    }
    WB_ASSIGN(migrate::ScriptOutcome outcome, std::move(executed));
    step.duration_ms = watch.ElapsedMs();
    step.skipped = outcome == migrate::ScriptOutcome::kAlreadyDone;
    if (step.skipped) observer.OnNote(m->Id() + " was applied by another deployer meanwhile");
    observer.OnStepDone(m->Id(), step.duration_ms);
    report.steps.push_back(std::move(step));
  }
  return report;
}

Result<DeployReport> Down(const Target& target, const DownOptions& options, DeployObserver& observer) {
  WB_ASSIGN(TargetSession s, migrate::OpenTarget(target, migrate::FileSet::kBestEffort));
  DeployReport report;
  report.target = target.name;
  report.dry_run = options.dry_run;
  if (!s.set_error.empty()) {
    report.notes.push_back("the migration files could not be read (" + s.set_error +
                           "); rolling back from the stored SQL only");
  }
  if (options.steps && *options.steps < 1) return Fail(ErrorKind::kBadInput, "--steps must be at least 1");
  if (options.to && options.to->find_first_not_of("0123456789") != std::string::npos) {
    return Fail(ErrorKind::kBadInput, "--to " + *options.to + ": a version is digits only");
  }
  std::unique_ptr<backend::DeployLock> lock;
  if (!options.dry_run) {
    WB_ASSIGN(lock, Lock(s, observer));
    WB_ASSIGN(bool exists, s.state->Exists());
    if (!exists) return report;  // nothing was ever applied
  }
  WB_ASSIGN(std::vector<AppliedMigration> applied, s.state->List());
  std::vector<const AppliedMigration*> todo;  // newest first
  for (auto it = applied.rbegin(); it != applied.rend(); ++it) {
    if (options.to) {
      if (util::CompareVersions(it->version, *options.to) <= 0) break;
    } else if (static_cast<int>(todo.size()) >= options.steps.value_or(1)) {
      break;
    }
    todo.push_back(&*it);
  }
  // The up runs whose rows the downs restore, read once for all of them.
  std::map<std::string, std::string> up_runs;
  if (!options.dry_run && !todo.empty()) {
    WB_ASSIGN(up_runs, journal::FindUpRuns(*s.conn));
  }
  migrate::Comparison c = migrate::Compare(s.migrations, applied);
  int index = 0;
  for (const AppliedMigration* a : todo) {
    ++index;
    if (a->irreversible_reason) {
      return Fail(ErrorKind::kFindings,
                  a->Id() + " is irreversible (" + *a->irreversible_reason + "): rollback stops here" +
                      (index > 1 ? ", after rolling back the " + std::to_string(index - 1) + " above it" : ""),
                  "this is a one-way door: to go further back, restore a backup taken before " + a->Id() +
                      " was applied (" + a->applied_at + ")");
    }
    WB_ASSIGN(auto statements,
              MapError(backend::SplitScript(target.url.dialect, a->down_sql.value_or("")), [&](Error e) {
                return e.context("the stored down of " + a->Id());
              }));
    if (statements.empty()) {
      return Fail(ErrorKind::kFindings, a->Id() + " has no stored down SQL: rollback stops here",
                  "write the inverse by hand, or restore a backup taken before " + a->applied_at);
    }
    for (auto [m, stored] : c.down_changed) {
      if (stored == a) {
        std::string note = m->Id() + ": the down file differs from the down stored at apply time; running the "
                                     "stored one";
        report.notes.push_back(note);
        observer.OnNote(note);
      }
    }
    StepReport step{a->version, a->name, "down"};
    if (options.dry_run) {
      for (const auto& st : statements) step.statements.push_back(st.text);
      report.steps.push_back(std::move(step));
      continue;
    }
    WB_ASSIGN(Directives directives, ParseDirectives(*a->down_sql, "stored down of " + a->Id()));
    observer.OnStep(a->Id(), "down", index, static_cast<int>(todo.size()));
    util::Stopwatch watch;
    ScriptRun run;
    run.id = a->Id();
    run.version = a->version;
    run.name = a->name;
    run.direction = "down";
    run.statements = std::move(statements);
    run.transactional = !directives.no_transaction;
    if (!lock->exclusive()) {
      run.already_done = [&]() -> Result<bool> {
        WB_ASSIGN(bool still, s.state->IsApplied(a->version));
        return !still;
      };
    }
    run.commit_success = [&](backend::Transaction& tx) -> Status {
      return s.state->CommitRolledBack(tx, a->version, MakeEvent("rollback", a->version, a->name, watch.ElapsedMs()));
    };
    run.state_write = [&]() -> std::optional<migrate::StateWrite> {
      auto write = s.state->RolledBackWrite(a->version, MakeEvent("rollback", a->version, a->name, watch.ElapsedMs()));
      if (!write) return std::nullopt;
      return migrate::StateWrite{std::move(write->first), std::move(write->second)};
    };
    // Each migration is a journaled run (docs/journal.md, "Migrations").
    WB_ASSIGN(auto journal_run, migrate::JournalScript(*s.conn, run, a->Id(), &up_runs));
    auto executed = migrate::ExecuteScript(*s.conn, *s.state, target.policy, run,
                                           [&](const std::string& n) { observer.OnNote(n); });
    if (journal_run) {
      auto ended = journal_run->End(executed.has_value());
      if (executed && !ended) return Fail(std::move(ended).error());
    }
    WB_ASSIGN(migrate::ScriptOutcome outcome, std::move(executed));
    step.duration_ms = watch.ElapsedMs();
    step.skipped = outcome == migrate::ScriptOutcome::kAlreadyDone;
    observer.OnStepDone(a->Id(), step.duration_ms);
    report.steps.push_back(std::move(step));
  }
  return report;
}

}  // namespace wayback
