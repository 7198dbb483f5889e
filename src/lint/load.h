// Reading the files lint was given into Units with modelled statements.
#pragma once

#include <filesystem>
#include <vector>

#include "lint/unit.h"

namespace wayback::lint {

// PATHs as LintPaths documents them, in folder and version order. Each unit's
// statements are modelled (PostgreSQL: libpg_query; SQLite: a replica that has
// replayed the earlier ups of the same folder).
Result<std::vector<Unit>> LoadUnits(const std::vector<std::filesystem::path>& paths, Dialect dialect);

// A unit for set[index] of an already loaded migration set.
Result<Unit> UnitOfMigration(const std::vector<Migration>& set, size_t index, Dialect dialect);

}  // namespace wayback::lint
