#pragma once

#include <string_view>
#include <vector>

#include "sql/script.h"
#include "wayback/error.h"

namespace wayback::sql {

// Splits a PostgreSQL script with libpg_query's parser-based splitter, which is
// exact for dollar-quoted bodies, strings, comments and nested BEGIN ATOMIC.
// A script that does not parse is reported with its line (kBadInput).
// Comment-only and empty statements are dropped.
Result<std::vector<ScriptStatement>> SplitPostgres(std::string_view script);

}  // namespace wayback::sql
