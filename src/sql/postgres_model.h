// PostgreSQL statements in wayback's own model, from libpg_query's parse tree
// (PostgreSQL 15 grammar). This and its translators are the only code that
// knows the parser's node names.
#pragma once

#include <string_view>
#include <vector>

#include "sql/statement.h"
#include "wayback/error.h"

namespace wayback::sql {

// Parses a whole script once and describes every statement. A statement whose
// parse node the model does not know gets one Action::kOpaque effect naming
// the node (never an error). A script that does not parse is kBadInput with
// "line N:col: message". Comment-only pieces yield no statement.
Result<std::vector<Statement>> ModelPostgres(std::string_view script);

}  // namespace wayback::sql
