// Runs one migration script (an up or a down) on a connection: in one
// transaction with its state change, or statement by statement for
// `-- wayback:no-transaction` scripts, with lock-timeout retries.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "backend/connection.h"
#include "migrate/state_store.h"
#include "wayback/project.h"

namespace wayback::migrate {

struct ScriptRun {
  std::string id;         // "0042_add_email"
  std::string version;
  std::string name;
  std::string direction;  // "up" or "down"
  std::vector<sql::ScriptStatement> statements;
  bool transactional = true;
  // Writes the state change (insert or delete the migration row and its
  // event). Runs in the same transaction as the statements when transactional.
  std::function<Status()> record_success;
  // True when the work is already done (another deployer did it): checked
  // inside the transaction, before any statement runs.
  std::function<Result<bool>()> already_done;
};

enum class ScriptOutcome { kDone, kAlreadyDone };

// Runs `run`. On failure the error says which statement (index and line) and a
// `fail` event is recorded; a transactional script leaves nothing behind.
Result<ScriptOutcome> ExecuteScript(backend::Connection& conn, StateStore& state, const Policy& policy,
                                    const ScriptRun& run, const std::function<void(const std::string&)>& note);

}  // namespace wayback::migrate
