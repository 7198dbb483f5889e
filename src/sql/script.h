// A migration script cut into statements. The splitters live with the code that
// understands each dialect: sql/postgres_split.cc (libpg_query) and
// backend/sqlite_split.cc (sqlite3_complete); backend/split.h picks one.
#pragma once

#include <string>
#include <vector>

#include "wayback/migration.h"

namespace wayback::sql {

using wayback::ScriptStatement;

}  // namespace wayback::sql
