#pragma once

#include <memory>

#include "backend/connection.h"

namespace wayback::backend {

// Opens (creating if needed) the SQLite database at url.sqlite_path.
Result<std::unique_ptr<Connection>> OpenSqlite(const DatabaseUrl& url);

}  // namespace wayback::backend
