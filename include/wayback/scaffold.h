// `wayback init` and `wayback new`: files a user starts from.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "wayback/error.h"

namespace wayback {

// Creates DIR/wayback.toml (one SQLite target) and DIR/migrations/.
// kBadInput if wayback.toml exists. Returns the files created.
Result<std::vector<std::filesystem::path>> InitProject(const std::filesystem::path& dir);

// Creates the next NNNN_slug.up.sql / .down.sql pair in `migrations_dir`, the
// up starting with the way-back block. The version is the highest existing
// plus one, zero-padded to the width in use (4 by default); folders numbered
// by timestamps (10+ digits) get a UTC YYYYMMDDHHMMSS version instead.
Result<std::vector<std::filesystem::path>> NewMigration(const std::filesystem::path& migrations_dir,
                                                        const std::string& name);

}  // namespace wayback
