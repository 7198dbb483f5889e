#include "migrate/script_executor.h"

#include <optional>
#include <thread>

#include "util/clock.h"

namespace wayback::migrate {
namespace {

struct StatementFailure {
  Error error;
  int index;  // 1-based
};

// Runs the statements in order; the first failure is returned with its index.
std::optional<StatementFailure> RunStatements(backend::Connection& conn, const ScriptRun& run) {
  for (size_t i = 0; i < run.statements.size(); ++i) {
    if (run.before_statement) {
      auto ready = run.before_statement(run.statements[i]);
      if (!ready) return StatementFailure{std::move(ready).error(), static_cast<int>(i + 1)};
    }
    auto done = conn.Execute(run.statements[i].text);
    if (!done) return StatementFailure{std::move(done).error(), static_cast<int>(i + 1)};
  }
  return std::nullopt;
}

Error WithStatementContext(const ScriptRun& run, StatementFailure failure) {
  const auto& stmt = run.statements[static_cast<size_t>(failure.index - 1)];
  Error e = std::move(failure.error);
  e.context((run.direction == "up" ? "applying " : "rolling back ") + run.id + " (" + run.direction +
            "), statement " + std::to_string(failure.index) + " of " + std::to_string(run.statements.size()) +
            " at line " + std::to_string(stmt.line));
  if (e.sqlstate() == "25001") {
    e.with_hint("this statement cannot run inside a transaction: put it in its own migration marked "
                "`-- wayback:no-transaction`");
  } else if (e.sqlstate() == "55P03" && e.hint().empty()) {
    e.with_hint("another session held a conflicting lock past lock_timeout; wayback retried " +
                std::string("and gave up. Find the blocker in pg_stat_activity, or raise policy.lock_retries"));
  }
  return e;
}

// Records the failure in the event log, outside any transaction, so it
// survives the rollback. A failure to record is added to the original error.
Error RecordFailure(StateStore& state, const ScriptRun& run, Error error, std::optional<int> index) {
  Event e;
  e.at = util::NowIso8601();
  e.kind = "fail";
  e.version = run.version;
  e.name = run.name;
  e.actor = util::CurrentActor();
  e.statement_index = index;
  e.error = error.message();
  e.detail = run.direction;
  if (auto recorded = state.Record(e); !recorded) error.also(recorded.error().context("recording the failure"));
  return error;
}

Result<ScriptOutcome> RunInTransaction(backend::Connection& conn, StateStore& state, const Policy& policy,
                                       const ScriptRun& run, const std::function<void(const std::string&)>& note) {
  int64_t delay = policy.lock_retry_delay_ms;
  for (int attempt = 0;; ++attempt) {
    WB_ASSIGN(auto tx, backend::Transaction::Begin(conn, {policy.lock_timeout_ms, policy.statement_timeout_ms}));
    if (run.already_done) {
      WB_ASSIGN(bool done, run.already_done());
      if (done) return ScriptOutcome::kAlreadyDone;
    }
    std::optional<StatementFailure> failure = RunStatements(conn, run);
    if (!failure) {
      auto committed = run.commit_success(tx);
      if (committed) return ScriptOutcome::kDone;
      Error error = std::move(committed).error();
      error.context("recording " + run.id);
      if (auto rolled_back = tx.Rollback(); !rolled_back) error.also(rolled_back.error());
      return Fail(RecordFailure(state, run, std::move(error), std::nullopt));
    }
    auto rolled_back = tx.Rollback();
    bool retry = conn.IsLockTimeout(failure->error) && attempt < policy.lock_retries;
    if (retry && rolled_back) {
      note(run.id + ": lock timeout at statement " + std::to_string(failure->index) + ", retry " +
           std::to_string(attempt + 1) + " of " + std::to_string(policy.lock_retries) + " in " +
           std::to_string(delay) + " ms");
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
      delay *= 2;
      continue;
    }
    int index = failure->index;
    Error error = WithStatementContext(run, std::move(*failure));
    if (!rolled_back) error.also(rolled_back.error().context("rolling back"));
    return Fail(RecordFailure(state, run, std::move(error), index));
  }
}

// Without a transaction each statement commits on its own; the state row is
// written once all have run. A failure is recorded with the statement index so
// the state is never unknown: statements before it stayed applied.
Result<ScriptOutcome> RunWithoutTransaction(backend::Connection& conn, StateStore& state, const Policy& policy,
                                            const ScriptRun& run) {
  if (run.already_done) {
    WB_ASSIGN(bool done, run.already_done());
    if (done) return ScriptOutcome::kAlreadyDone;
  }
  WB_TRY(conn.ApplyTimeouts({policy.lock_timeout_ms, policy.statement_timeout_ms}, false));
  // Statements commit one by one from here: a `start` event first, so that a
  // deployer killed half-way leaves a trace `status` can report.
  Event start;
  start.at = util::NowIso8601();
  start.kind = "start";
  start.version = run.version;
  start.name = run.name;
  start.actor = util::CurrentActor();
  start.detail = run.direction;
  WB_TRY(state.Record(start));
  if (std::optional<StatementFailure> failure = RunStatements(conn, run)) {
    int index = failure->index;
    Error error = WithStatementContext(run, std::move(*failure));
    if (index > 1) {
      error.with_hint("this migration is no-transaction: statements 1.." + std::to_string(index - 1) +
                      " stayed applied. Fix the cause, make the script safe to re-run (IF NOT EXISTS), "
                      "then run `wayback up` again");
    }
    return Fail(RecordFailure(state, run, std::move(error), index));
  }
  WB_ASSIGN(auto tx, backend::Transaction::Begin(conn));
  WB_TRY(run.commit_success(tx));
  return ScriptOutcome::kDone;
}

}  // namespace

Result<ScriptOutcome> ExecuteScript(backend::Connection& conn, StateStore& state, const Policy& policy,
                                    const ScriptRun& run, const std::function<void(const std::string&)>& note) {
  if (run.transactional) return RunInTransaction(conn, state, policy, run, note);
  return RunWithoutTransaction(conn, state, policy, run);
}

}  // namespace wayback::migrate
