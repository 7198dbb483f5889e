// SQL that wayback runs on its own state lives in .sql files under src/,
// embedded at build time, one `-- name: X` section per query. Each stage keeps
// its own file: migrate/state/<dialect>.sql, journal/state/<dialect>.sql, …
#pragma once

#include <string>
#include <string_view>

#include "wayback/database_url.h"

namespace wayback::migrate {

// The text of query `name` in embedded file `file` (a path relative to src/,
// e.g. "migrate/state/sqlite.sql"). A missing file or name is a programming
// error and aborts with a message naming it.
const std::string& EmbeddedQuery(std::string_view file, std::string_view name);

// EmbeddedQuery("<stage>/state/<sqlite|postgres>.sql", name).
const std::string& StageQuery(std::string_view stage, Dialect dialect, std::string_view name);

// The runner's own state queries: StageQuery("migrate", dialect, name).
inline const std::string& StateQuery(Dialect dialect, std::string_view name) {
  return StageQuery("migrate", dialect, name);
}

}  // namespace wayback::migrate
