// Whether PostgreSQL's DDL event triggers report every catalog change a
// script can make, so that the snapshot tracker may rely on them alone
// (backend/schema_snapshot.h, SnapshotTracker::ListenForDdl).
#pragma once

#include <string_view>

namespace wayback::verify {

// True when every statement of `script` is DDL, a comment, a privilege
// change, a setting, transaction control, or a write to a table outside
// pg_catalog. False for anything whose catalog changes fire no event trigger
// (CLUSTER, REINDEX, VACUUM), may hide catalog writes (DO, CALL, SELECT of a
// function, a write to a pg_catalog table), or that the model does not
// understand; also when the script does not parse.
bool EventTriggersSeeAll(std::string_view script);

}  // namespace wayback::verify
