// The lint classification of pending migrations, as `status` and
// `up --dry-run` show it beside each one.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "context.h"
#include "wayback/lint.h"
#include "wayback/project.h"

namespace wayback::cli {

// Classes of the migrations of `target` whose versions are listed, keyed by
// version. A migration that cannot be classified is left out: the
// classification is extra information and never stops status or a dry run.
std::map<std::string, MigrationClass> ClassifyVersions(const Target& target, const std::vector<std::string>& versions);

// "  reversible" / "  lossy, incompatible · lock: ACCESS EXCLUSIVE on users", painted.
std::string ClassTag(const Context& ctx, const MigrationClass& c);
// The lock notes of its statements, one line each ("line 3: ACCESS EXCLUSIVE on users …").
std::vector<std::string> LockLines(const MigrationClass& c);
nlohmann::json ClassJson(const MigrationClass& c);

}  // namespace wayback::cli
