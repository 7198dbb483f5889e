// JSON documents of the public types: the machine contract of --json.
#pragma once

#include <nlohmann/json.hpp>

#include "wayback/deploy.h"

namespace wayback::cli {

nlohmann::json ToJson(const StatusReport& r);
nlohmann::json ToJson(const DeployReport& r);
nlohmann::json ToJson(const Event& e);

}  // namespace wayback::cli
