#pragma once

#include <string_view>

namespace wayback::sql {

// Number of bytes of leading whitespace, `-- …` line comments and `/* … */`
// block comments (nested, as both engines allow) at the start of `text`.
// Comments before a statement are the only place this is used: there, no
// string or identifier can have started yet, so the lexing is exact.
size_t LeadingCommentLength(std::string_view text);

}  // namespace wayback::sql
