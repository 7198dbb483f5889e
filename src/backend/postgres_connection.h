#pragma once

#include <memory>

#include "backend/connection.h"

namespace wayback::backend {

// Connects with libpq. The URL is passed as is; application_name defaults to "wayback".
Result<std::unique_ptr<Connection>> OpenPostgres(const DatabaseUrl& url);

}  // namespace wayback::backend
