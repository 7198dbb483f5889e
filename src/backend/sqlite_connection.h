#pragma once

#include <memory>

#include "backend/connection.h"

struct sqlite3;

namespace wayback::backend {

// Opens (creating if needed) the SQLite database at url.sqlite_path.
Result<std::unique_ptr<Connection>> OpenSqlite(const DatabaseUrl& url);

// Takes ownership of an open handle (an in-memory scratch copy, say).
std::unique_ptr<Connection> WrapSqlite(sqlite3* db, std::string describe);

// The handle behind a SQLite connection, for engine-specific code in this
// folder (backup API, authorizer). REQUIRES: conn.dialect() == kSqlite.
sqlite3* SqliteHandle(Connection& conn);

}  // namespace wayback::backend
