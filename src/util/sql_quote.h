// Quoting for the few places where wayback must splice a name into SQL text
// (DDL cannot take bound parameters). Values are always bound parameters;
// QuoteLiteral is for DDL bodies wayback generates (trigger functions).
#pragma once

#include <string>
#include <string_view>

namespace wayback::util {

// "name" with embedded double quotes doubled: safe for any identifier.
std::string QuoteIdent(std::string_view name);
// 'text' with embedded single quotes doubled (standard_conforming_strings).
std::string QuoteLiteral(std::string_view text);

}  // namespace wayback::util
