// The three renderings of a verify report: the --json document and the
// self-contained HTML page (the text table lives in cmd_verify.cc).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "wayback/verify.h"

namespace wayback::cli {

nlohmann::json VerifyJson(const VerifyReport& r);
// One HTML file with no external resources: the verdict table, then per
// migration its findings, schema diffs and data-loss detail.
std::string VerifyHtml(const VerifyReport& r);

}  // namespace wayback::cli
