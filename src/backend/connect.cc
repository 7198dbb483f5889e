#include "backend/connection.h"
#include "backend/postgres_connection.h"
#include "backend/sqlite_connection.h"

namespace wayback::backend {

Result<std::unique_ptr<Connection>> Connect(const DatabaseUrl& url) {
  switch (url.dialect) {
    case Dialect::kSqlite:
      return OpenSqlite(url);
    case Dialect::kPostgres:
      return OpenPostgres(url);
  }
  return Fail(ErrorKind::kInternal, "unknown dialect");
}

}  // namespace wayback::backend
