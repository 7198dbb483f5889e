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

// Runs `sql` as the server-side prepared statement `name` of this session
// (prepared on first use), so that a large query run again and again is
// planned once. REQUIRES: conn.dialect() == kPostgres.
Result<Rows> QueryPrepared(Connection& conn, const char* name, const std::string& sql, const Params& params);

// The rows of a successful libpq result, as text.
Rows RowsOf(const pg_result* res);

}  // namespace wayback::backend
