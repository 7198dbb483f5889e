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
// Inside a transaction (`batch`), consecutive statements that need no hook go
// to the database together: one round trip for a whole schema-only script.
std::optional<StatementFailure> RunStatements(backend::Connection& conn, const ScriptRun& run, bool batch) {
  std::vector<std::string_view> pending;
  size_t first_pending = 0;
  auto flush = [&]() -> std::optional<StatementFailure> {
    if (pending.empty()) return std::nullopt;
    auto failed = conn.ExecuteBatch(pending);
    pending.clear();
    if (failed) return StatementFailure{std::move(failed->second), static_cast<int>(first_pending + failed->first + 1)};
    return std::nullopt;
  };
  for (size_t i = 0; i < run.statements.size(); ++i) {
    const auto& st = run.statements[i];
    bool hooked = run.before_statement && (!run.hook_applies || run.hook_applies(st));
    if (batch && !hooked) {
      if (pending.empty()) first_pending = i;
      pending.push_back(st.text);
      continue;
    }
    if (auto failed = flush()) return failed;
    if (hooked) {
      auto ready = run.before_statement(st);
      if (!ready) return StatementFailure{std::move(ready).error(), static_cast<int>(i + 1)};
    }
    auto done = conn.Execute(st.text);
    if (!done) return StatementFailure{std::move(done).error(), static_cast<int>(i + 1)};
  }
  return flush();
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

// The state write for the one-round-trip path, when it applies: the engine
// can write the state in one statement, nothing needs checking inside the
// transaction first, and no statement needs a hook.
std::optional<StateWrite> OneShotWrite(const ScriptRun& run) {
  if (!run.state_write || run.already_done) return std::nullopt;
  if (run.before_statement) {
    for (const auto& st : run.statements) {
      if (!run.hook_applies || run.hook_applies(st)) return std::nullopt;
    }
  }
  return run.state_write();
}

Result<ScriptOutcome> RunInTransaction(backend::Connection& conn, StateStore& state, const Policy& policy,
                                       const ScriptRun& run, const std::function<void(const std::string&)>& note) {
  int64_t delay = policy.lock_retry_delay_ms;
  backend::SessionTimeouts timeouts{policy.lock_timeout_ms, policy.statement_timeout_ms};
  for (int attempt = 0;; ++attempt) {
    std::optional<StatementFailure> failure;
    Status rolled_back = {};
    if (std::optional<StateWrite> write = OneShotWrite(run)) {
      // The whole migration in one round trip: statements, state write, COMMIT.
      std::vector<std::string_view> texts;
      for (const auto& st : run.statements) texts.push_back(st.text);
      auto failed = conn.ExecuteTransaction(timeouts, texts, write->sql, write->params);
      if (!failed) return ScriptOutcome::kDone;
      if (failed->first >= run.statements.size()) {
        return Fail(RecordFailure(state, run, failed->second.context("recording " + run.id), std::nullopt));
      }
      failure = StatementFailure{std::move(failed->second), static_cast<int>(failed->first + 1)};
    } else {
      WB_ASSIGN(auto tx, backend::Transaction::Begin(conn, timeouts));
      if (run.already_done) {
        WB_ASSIGN(bool done, run.already_done());
        if (done) return ScriptOutcome::kAlreadyDone;
      }
      failure = RunStatements(conn, run, /*batch=*/true);
      if (!failure) {
        auto committed = run.commit_success(tx);
        if (committed) return ScriptOutcome::kDone;
        Error error = std::move(committed).error();
        error.context("recording " + run.id);
        if (auto back = tx.Rollback(); !back) error.also(back.error());
        return Fail(RecordFailure(state, run, std::move(error), std::nullopt));
      }
      rolled_back = tx.Rollback();
    }
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
  if (std::optional<StatementFailure> failure = RunStatements(conn, run, /*batch=*/false)) {
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
