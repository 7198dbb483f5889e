// The verdicts table in the target's state (src/verify/state/*.sql), created
// on demand. Reading never creates anything.
#pragma once

#include <vector>

#include "backend/connection.h"
#include "wayback/verify.h"

namespace wayback::verify {

// REQUIRES: the deploy lock is held and the runner's state exists.
Status StoreVerdicts(backend::Connection& conn, const std::vector<MigrationVerdict>& verdicts);
Result<std::vector<StoredVerdict>> ReadVerdicts(backend::Connection& conn);

}  // namespace wayback::verify
