// Text and JSON views of runs and undo reports, shared by run, runs, undo and prune.
#pragma once

#include <nlohmann/json.hpp>

#include "context.h"
#include "wayback/journal.h"

namespace wayback::cli {

nlohmann::json ToJson(const RunInfo& r);
nlohmann::json ToJson(const UndoReport& r);
// "customers 297, orders 3" (or "no rows").
std::string TablesText(const RunInfo& r);
int64_t TotalRows(const RunInfo& r);
// Parses a JSON image for display; falls back to the text itself.
nlohmann::json ImageJson(const std::string& text);

}  // namespace wayback::cli
