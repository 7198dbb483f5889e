#include "migrate/journaled_script.h"

namespace wayback::migrate {

Result<std::unique_ptr<journal::MigrationRun>> JournalScript(backend::Connection& conn, ScriptRun& run,
                                                             const std::string& migration_id) {
  if (!run.transactional) return std::unique_ptr<journal::MigrationRun>();
  WB_ASSIGN(auto journal_run, journal::MigrationRun::Begin(conn, migration_id + " (" + run.direction + ")"));
  journal::MigrationRun* jr = journal_run.get();
  bool down = run.direction == "down";
  // Statement hooks run inside the script's transaction; a retried attempt
  // starts over, so the first statement of every attempt prepares again.
  run.before_statement = [&conn, jr, down, migration_id, &run](const sql::ScriptStatement& st) -> Status {
    if (down && &st == &run.statements.front()) WB_TRY(journal::PrepareDownRestore(conn, migration_id));
    return jr->BeforeStatement(st);
  };
  run.commit_success = [&conn, jr, down, migration_id, commit = std::move(run.commit_success)](
                           backend::Transaction& tx) -> Status {
    if (down) WB_TRY(journal::RestoreAfterDown(conn, migration_id));
    WB_TRY(jr->BeforeCommit());
    return commit(tx);
  };
  return journal_run;
}

}  // namespace wayback::migrate
