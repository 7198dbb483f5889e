// Makes a migration script a tracked run of the journal (docs/journal.md,
// "Migrations"): its DML is journaled, and a down puts back the exact values
// its up overwrote, for every row nobody changed since.
#pragma once

#include <memory>

#include "journal/migration_journal.h"
#include "migrate/script_executor.h"

namespace wayback::migrate {

// Opens the run for `run` (migration `migration_id`) and hooks it into the
// script's transaction. Returns null for no-transaction scripts, which are not
// journaled. For a down, `up_runs` (journal::FindUpRuns, read once) says which
// up run to restore from; without it the run is looked up. The caller ends the
// run after ExecuteScript: if (journal_run) journal_run->End(ok).
Result<std::unique_ptr<journal::MigrationRun>> JournalScript(
    backend::Connection& conn, ScriptRun& run, const std::string& migration_id,
    const std::map<std::string, std::string>* up_runs = nullptr);

}  // namespace wayback::migrate
