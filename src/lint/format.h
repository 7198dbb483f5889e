// Renderers of a LintReport (FormatLintReport in lint.h dispatches here).
#pragma once

#include <string>

#include "wayback/lint.h"

namespace wayback::lint {

std::string FormatText(const LintReport& report, bool color);
std::string FormatJson(const LintReport& report);
std::string FormatGithub(const LintReport& report);
// SARIF 2.1.0 (OASIS), one run, every rule in tool.driver.rules.
std::string FormatSarif(const LintReport& report);

}  // namespace wayback::lint
