// Classification of statements and migrations (docs/lint.md, "Classes").
#pragma once

#include <string>
#include <vector>

#include "lint/unit.h"

namespace wayback::lint {

// The classes of one effect in the context of its migration's up. `notes`
// gets one reason per class; `lock` describes a lock-heavy cost.
ChangeClasses ClassifyEffect(const sql::Effect& e, const Facts& facts, Dialect dialect,
                             std::vector<std::string>* notes, std::string* lock);

StatementClass ClassifyStatement(const sql::Statement& s, const Facts& facts, Dialect dialect);

// The up of `unit`; its `irreversible` directive adds kIrreversible.
MigrationClass ClassifyUnit(const Unit& unit);

// True when the lock of `e` blocks others for the duration of a scan or
// rewrite of a table that exists before the migration.
bool IsLockHeavy(const sql::Effect& e, const Facts& facts, Dialect dialect);

}  // namespace wayback::lint
