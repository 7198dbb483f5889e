// Which tables a statement of a job writes, so that wayback can capture them
// set-based before it runs (bulk_capture.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "backend/connection.h"

namespace wayback::journal {

// Whether a statement writes rows (INSERT, UPDATE, DELETE, MERGE, WITH …),
// judged by its first keyword past comments.
bool IsDml(std::string_view sql);

// PostgreSQL: the tables `sql` writes directly, as journal labels
// ("schema.table"), from the ModifyTable nodes of its plan (EXPLAIN plans
// without running anything). Writes made by triggers or functions it calls
// are not in the plan: row-level capture journals those.
Result<std::vector<std::string>> WrittenTables(backend::Connection& conn, std::string_view sql);

}  // namespace wayback::journal
