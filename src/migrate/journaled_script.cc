#include "migrate/journaled_script.h"

#include <memory>
#include <optional>

namespace wayback::migrate {

Result<std::unique_ptr<journal::MigrationRun>> JournalScript(backend::Connection& conn, ScriptRun& run,
                                                             const std::string& migration_id,
                                                             const std::map<std::string, std::string>* up_runs) {
  if (!run.transactional) return std::unique_ptr<journal::MigrationRun>();
  WB_ASSIGN(auto journal_run, journal::MigrationRun::Begin(conn, migration_id + " (" + run.direction + ")"));
  journal::MigrationRun* jr = journal_run.get();
  bool down = run.direction == "down";
  // The up run whose rows a down restores, found before the transaction: a
  // down of a schema-only up has none, and its statements need no hook.
  auto up_run = std::make_shared<std::optional<std::string>>();
  if (down && up_runs) {
    if (auto it = up_runs->find(migration_id); it != up_runs->end()) *up_run = it->second;
  } else if (down) {
    WB_ASSIGN(*up_run, journal::FindUpRun(conn, migration_id));
  }
  Dialect dialect = conn.dialect();
  auto restores_first = [down, up_run, &run](const sql::ScriptStatement& st) {
    return down && up_run->has_value() && &st == &run.statements.front();
  };
  run.hook_applies = [dialect, restores_first](const sql::ScriptStatement& st) {
    return restores_first(st) || journal::MigrationRun::NeedsHook(dialect, st);
  };
  // Statement hooks run inside the script's transaction; a retried attempt
  // starts over, so the first statement of every attempt prepares again.
  run.before_statement = [&conn, jr, up_run, restores_first](const sql::ScriptStatement& st) -> Status {
    if (restores_first(st)) WB_TRY(journal::PrepareDownRestore(conn, **up_run));
    return jr->BeforeStatement(st);
  };
  run.commit_success = [&conn, jr, down, up_run, commit = std::move(run.commit_success)](
                           backend::Transaction& tx) -> Status {
    if (down && *up_run) {
      WB_TRY(jr->BeforeRestore());
      WB_TRY(journal::RestoreAfterDown(conn, **up_run));
    }
    WB_TRY(jr->BeforeCommit());
    return commit(tx);
  };
  return journal_run;
}

}  // namespace wayback::migrate
