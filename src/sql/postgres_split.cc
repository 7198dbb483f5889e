#include "sql/postgres_split.h"

#include <pg_query.h>

#include <string>

#include "sql/comments.h"
#include "util/strings.h"

namespace wayback::sql {

Result<std::vector<ScriptStatement>> SplitPostgres(std::string_view script) {
  std::string text(script);
  PgQuerySplitResult result = pg_query_split_with_parser(text.c_str());
  if (result.error) {
    int line = util::LineOfOffset(text, static_cast<size_t>(std::max(0, result.error->cursorpos - 1)));
    std::string message = std::string(result.error->message) + " (line " + std::to_string(line) + ")";
    pg_query_free_split_result(result);
    return Fail(ErrorKind::kBadInput, "syntax error: " + message);
  }
  std::vector<ScriptStatement> out;
  for (int i = 0; i < result.n_stmts; ++i) {
    const PgQuerySplitStmt* s = result.stmts[i];
    auto begin = static_cast<size_t>(s->stmt_location);
    auto len = static_cast<size_t>(s->stmt_len);
    std::string_view piece = std::string_view(text).substr(begin, len);
    // The parser's location starts after the previous ';', so leading blank
    // lines and comments belong to the piece; keep the text, point at the code.
    size_t lead = LeadingCommentLength(piece);
    std::string_view trimmed = util::Trim(piece.substr(lead));
    if (trimmed.empty()) continue;
    out.push_back({std::string(trimmed), begin + lead, util::LineOfOffset(text, begin + lead)});
  }
  pg_query_free_split_result(result);
  return out;
}

}  // namespace wayback::sql
