// Runs one migration script (an up or a down) on a connection: in one
// transaction with its state change, or statement by statement for
// `-- wayback:no-transaction` scripts, with lock-timeout retries.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "backend/connection.h"
#include "migrate/state_store.h"
#include "wayback/project.h"

namespace wayback::migrate {

// A state change as one statement with its parameters.
struct StateWrite {
  std::string sql;
  backend::Params params;
};

struct ScriptRun {
  std::string id;         // "0042_add_email"
  std::string version;
  std::string name;
  std::string direction;  // "up" or "down"
  std::vector<sql::ScriptStatement> statements;
  bool transactional = true;
  // Writes the state change (the migration row and its event) and commits
  // `tx`: the same transaction as the statements when transactional.
  std::function<Status(backend::Transaction& tx)> commit_success;
  // Optional: true when the work is already done (another deployer did it),
  // checked inside the transaction before any statement runs. Needed only
  // where the deploy lock is not exclusive (SQLite).
  std::function<Result<bool>()> already_done;
  // Optional: called inside the transaction before each statement; a failure
  // stops the script like a failing statement (the journal puts row capture
  // around DML this way, see migrate/journaled_script.h).
  std::function<Status(const sql::ScriptStatement&)> before_statement;
  // Whether before_statement has work for this statement. Statements without
  // are sent together in one round trip (Connection::ExecuteBatch); absent
  // means every statement needs the hook.
  std::function<bool(const sql::ScriptStatement&)> hook_applies;
  // Optional: the same state change as commit_success, as one statement, when
  // the engine has one (StateStore::AppliedWrite). With it, a script whose
  // statements need no hook runs as one round trip (Connection::ExecuteTransaction).
  std::function<std::optional<StateWrite>()> state_write;
};

enum class ScriptOutcome { kDone, kAlreadyDone };

// Runs `run`. On failure the error says which statement (index and line) and a
// `fail` event is recorded; a transactional script leaves nothing behind.
Result<ScriptOutcome> ExecuteScript(backend::Connection& conn, StateStore& state, const Policy& policy,
                                    const ScriptRun& run, const std::function<void(const std::string&)>& note);

}  // namespace wayback::migrate
