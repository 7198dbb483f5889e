// Building the SQL that the journal runs on user tables: identifiers are
// always quoted here, and templates from src/journal/state/*.sql get only
// quoted identifiers spliced in; values always travel as bound parameters.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "util/sql_quote.h"

namespace wayback::journal {

// QuoteLiteral is for names used as SQL text, such as a table label inside a
// SQLite trigger, which cannot take parameters.
using util::QuoteIdent;
using util::QuoteLiteral;
// SQLite JSON path of a top-level key, as a literal: '$."name"'.
std::string JsonPath(std::string_view key);
// Replaces every {{key}} in `text` with its value. An unknown placeholder is a
// programming error and aborts.
std::string Expand(std::string_view text, const std::map<std::string, std::string>& values);

}  // namespace wayback::journal
