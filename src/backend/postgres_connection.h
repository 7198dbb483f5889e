#pragma once

#include <memory>

#include "backend/connection.h"

struct pg_conn;
struct pg_result;

namespace wayback::backend {

// Connects with libpq. The URL is passed as is; application_name defaults to "wayback".
Result<std::unique_ptr<Connection>> OpenPostgres(const DatabaseUrl& url);

// The libpq handle behind a PostgreSQL connection, for engine-specific code in
// this folder (COPY, pipelining). REQUIRES: conn.dialect() == kPostgres.
pg_conn* PostgresHandle(Connection& conn);

// The rows of a successful libpq result, as text.
Rows RowsOf(const pg_result* res);

}  // namespace wayback::backend
