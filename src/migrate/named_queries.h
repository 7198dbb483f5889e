// The SQL wayback runs on its own state lives in src/migrate/state/<dialect>.sql,
// embedded at build time, one `-- name: X` section per query.
#pragma once

#include <string>
#include <string_view>

#include "wayback/database_url.h"

namespace wayback::migrate {

// The text of query `name` for `dialect`. A missing name is a programming
// error and aborts with a message naming it.
const std::string& StateQuery(Dialect dialect, std::string_view name);

}  // namespace wayback::migrate
